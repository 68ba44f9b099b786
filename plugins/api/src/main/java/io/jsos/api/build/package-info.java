/**
 * Build-time support for plugins: what runs inside {@code javac} when a plugin is compiled against
 * the API (never at run time).
 */
package io.jsos.api.build;
