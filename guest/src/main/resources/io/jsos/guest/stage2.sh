#!/bin/sh
# PID 1 of the jsos test guest after switch_root: runs the script from the run share, records its
# exit status there, and powers the guest off (PID 1 must never exit: the kernel would panic).
B=/.jsos-guest/busybox
say() { echo "jsos-guest: $*" > /dev/console; }
say "running script"
$B sh /jsos-guest/run.sh > /jsos-guest/script.log 2>&1 < /dev/null
rc=$?
echo $rc > /jsos-guest/exit-status
say "script exit status $rc"
$B sync
$B umount /jsos-guest
$B poweroff -f
