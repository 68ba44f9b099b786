/** Interfaces and namespaces, Linux bridge and Open vSwitch collectors. */
package io.jsos.network;
