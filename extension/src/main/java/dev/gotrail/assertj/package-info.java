/** AssertJ assertions for gotrail's types; entry point GotrailAssertions. */
package dev.gotrail.assertj;
