# LVM on the guest's real device-mapper, for LvmGuestTest: one VG on a loop device with a linear
# LV, a COW snapshot of it, a thin pool with two thin LVs and a thin snapshot, each filled with a
# known number of MiB; then lvm2's and the kernel's own view (the reference) and the lvm and block
# collectors. Sizes and names come from the test ($VG, $*_MIB); the collector command lines too.
set -eu
# No udevd in the guest: lvm2 must neither wait for udev nor ask it for devices; and the harness's
# inherited descriptors are no leak worth a warning on every call.
export LVM_SUPPRESS_FD_WARNINGS=1
CFG='activation{udev_sync=0 udev_rules=0} devices{obtain_device_list_from_udev=0}'
ms() { date +%s%N | cut -c1-13; }
t0=$(ms)
modprobe -a loop dm_mod dm_snapshot dm_thin_pool
# The PV: a sparse file on the guest's tmpfs overlay behind a loop device (the kit has no virtio disk).
truncate -s ${PV_MIB}M /tmp/jsos-pv.img
PV=$(losetup -f --show /tmp/jsos-pv.img)
echo "$PV" > pv
# Each lvm call costs seconds under TCG: vgcreate makes the PV, one lvcreate makes the pool with
# its first thin LV, and the thin snapshot is created without lvm2's activation-skip flag (-kn),
# so it is active (and has a data%) without an lvchange.
lvm vgcreate -q --config "$CFG" "$VG" "$PV"
lvm lvcreate -q --config "$CFG" -y -L ${LIN_MIB}M -n lin "$VG"
lvm lvcreate -q --config "$CFG" -y --type thin -L ${POOL_MIB}M --thinpool tpool -V ${THIN1_MIB}M -n thin1 "$VG"
lvm lvcreate -q --config "$CFG" -y --type thin -V ${THIN2_MIB}M --thinpool tpool -n thin2 "$VG"
# Direct I/O in whole MiB: every written MiB is mapped in the pool when dd returns.
fill() { dd if=/dev/urandom of=/dev/mapper/$VG-$1 bs=1M count=$2 seek=${3:-0} oflag=direct status=none; }
fill thin1 $THIN1_BEFORE_SNAP_MIB
fill thin2 $THIN2_WRITTEN_MIB
# The thin snapshot shares thin1's blocks as they are now; what thin1 gets afterwards is its own.
lvm lvcreate -q --config "$CFG" -y -s -kn -n thinsnap "$VG/thin1"
fill thin1 $THIN1_AFTER_SNAP_MIB $THIN1_BEFORE_SNAP_MIB
# The COW snapshot keeps lin's old blocks: writing to the origin fills the snapshot's COW store.
lvm lvcreate -q --config "$CFG" -y -s -L ${COW_MIB}M -n cow "$VG/lin"
fill lin $ORIGIN_WRITTEN_MIB
sync
# The pool commits its metadata on a timer (every second while it changes): wait until two
# readings 1.5 s apart agree, so the reference and the collectors see the same committed state.
prev=
for i in $(seq 20); do
  cur=$(dmsetup status "$VG-tpool-tpool")
  [ "$cur" = "$prev" ] && break
  prev=$cur
  sleep 1.5
done
t1=$(ms)
# The reference: lvm2's and the kernel's own view, taken right before the collectors run.
lvm lvs -a --config "$CFG" --units b --nosuffix --reportformat json \
    -o lv_name,lv_size,segtype,data_percent,metadata_percent,snap_percent,vg_size,vg_free > lvs.json
dmsetup status > dmsetup-status.txt
# The stacking as sysfs has it: "<device> <dm name or -> holders=<a,b> slaves=<c,d>", with bash
# builtins only (a fork costs milliseconds under TCG).
shopt -s nullglob
stack() {
  local IFS=, d=$1 name=- h s
  [ -r $d/dm/name ] && read -r name < $d/dm/name
  h=($d/holders/*) s=($d/slaves/*)
  h=("${h[@]##*/}") s=("${s[@]##*/}")
  printf '%s %s holders=%s slaves=%s\n' "${d##*/}" "$name" "${h[*]}" "${s[*]}"
}
for d in /sys/block/*; do stack $d; done > sysfs-stack.txt
t2=$(ms)
eval "$RUN_COLLECTORS"
t3=$(ms)
echo "setup=$((t1 - t0)) reference=$((t2 - t1)) collectors=$((t3 - t2))" > timings
