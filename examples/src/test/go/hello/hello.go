// Package hello is the Go module of the getting-started example (docs/getting-started.md).
package hello

// Greeting is what the app prints.
func Greeting() string { return "hello" }
