/** LVM, Ceph (with Rook/CSI node state) and block device collectors. */
package io.jsos.storage;
