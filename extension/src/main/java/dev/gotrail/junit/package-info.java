/** Annotations, the extensions behind them (package-private) and the injected types. */
package dev.gotrail.junit;
