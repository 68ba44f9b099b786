/** Boots a real Debian kernel under QEMU (TCG) with the host's userland, runs a script in it and brings back its files: the tests' real kernel. */
package io.jsos.guest;
