#!/bin/sh
# /init of the jsos test guest (busybox, in the initramfs the harness builds).
# It mounts the host's root read-only over 9p, puts a tmpfs overlay on top so the guest can
# write anywhere without touching the host, mounts the run share (script in, files out), then
# runs the script in a chroot of that overlay: the host's own userland on the guest's kernel.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs dev /dev
say() { echo "jsos-guest: $*" > /dev/console; }
for m in virtio_pci 9pnet_virtio 9p overlay; do modprobe $m || say "modprobe $m failed"; done
mkdir -p /host /share /rw /newroot
# msize: bigger 9p messages make the JVM's class loading noticeably faster under TCG.
# cache=loose is safe for the host root because the guest only reads it.
mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 jsoshost /host || say "host root share not mounted"
mount -t 9p -o trans=virtio,version=9p2000.L,msize=512000 jsosrun /share || say "run share not mounted"
. /share/guest.conf
mount -t tmpfs -o mode=0755 tmpfs /rw
mkdir -p /rw/upper /rw/work
mount -t overlay overlay -o lowerdir=/host,upperdir=/rw/upper,workdir=/rw/work /newroot || say "overlay failed"
R=/newroot
mount -t proc proc $R/proc
mount -t sysfs sysfs $R/sys
mount -t cgroup2 cgroup2 $R/sys/fs/cgroup
mount -t devtmpfs dev $R/dev
mkdir -p $R/dev/pts $R/dev/shm
mount -t devpts devpts $R/dev/pts
mount -t tmpfs tmpfs $R/dev/shm
# /tmp stays the overlay's (writable, the host's files readable underneath): host paths under /tmp,
# such as a test's temporary folder on a class path, stay valid in the guest. /run is the guest's own.
mount -t tmpfs tmpfs $R/run
mkdir -p $R/jsos-guest $R/lib/modules/$GUEST_KERNEL
mount -o bind /share $R/jsos-guest
# The host has no modules for this kernel: give the guest the unpacked package's tree, and
# busybox's modprobe where the host has none, so the kernel's own module autoloading works too.
mount -o bind /host$GUEST_MODULES $R/lib/modules/$GUEST_KERNEL
for t in modprobe insmod rmmod lsmod; do
  [ -e $R/sbin/$t ] || [ -e $R/usr/sbin/$t ] || cp /bin/busybox $R/usr/sbin/$t
done
ifconfig lo 127.0.0.1 up
# switch_root, not chroot: the overlay becomes the real root of the mount namespace, so
# /proc/*/mountinfo shows /sys/fs/cgroup (not /newroot/sys/fs/cgroup) as on any node. PID 1 then
# runs stage2 (busybox, copied into the overlay) to run the script and power off.
mkdir -p $R/.jsos-guest
cp /bin/busybox /stage2 $R/.jsos-guest/
umount /proc /sys
exec switch_root $R /.jsos-guest/busybox sh /.jsos-guest/stage2
