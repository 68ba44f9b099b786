#!/bin/bash
# A single-node Ceph cluster (1 mon, 1 mgr, 1 OSD) on 127.0.0.1 without systemd, every file under $C.
# Used by the storage module's real-component tests; the caller stops the daemons (pid files in $C/run).
# Env: C (state dir, required), MONPORT (msgr v2 port; v1 is MONPORT+1, daemons use MONPORT+100..199).
set -euo pipefail
: "${C:?state dir}"
MONPORT=${MONPORT:-40100}
mkdir -p "$C/run" "$C/log" "$C/mon.a" "$C/mgr.x" "$C/osd.0"
FSID=$(cat /proc/sys/kernel/random/uuid)
cat > "$C/ceph.conf" <<CONF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:$MONPORT,v1:127.0.0.1:$((MONPORT+1))]
mon initial members = a
public addr = 127.0.0.1
ms bind ipv6 = false
ms bind port min = $((MONPORT+100))
ms bind port max = $((MONPORT+199))
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
auth allow insecure global id reclaim = false
run dir = $C/run
admin socket = $C/run/\$name.asok
pid file = $C/run/\$name.pid
log file = $C/log/\$name.log
osd pool default size = 1
osd pool default min size = 1
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
# the test machine's root fs may be ~70% full: the default 30% free warning would make health WARN
mon data avail warn = 2
mon data avail crit = 1
[client]
keyring = $C/keyring
[mon]
mon data = $C/mon.\$id
mon cluster log file = $C/log/cluster.log
# a global keyring line would make mgr and osd authenticate as client.admin: keep it per section
[mgr]
mgr data = $C/mgr.\$id
keyring = $C/mgr.\$id/keyring
[osd]
osd data = $C/osd.\$id
keyring = $C/osd.\$id/keyring
osd objectstore = bluestore
osd memory target = 939524096
# the block file lives outside the osd dir: "\$osd_data/block" ends in ELOOP
bluestore block path = $C/osd.\$id.block
bluestore block create = true
bluestore block size = 2147483648
bluestore fsck on mkfs = false
osd op num shards = 1
osd op num threads per shard = 2
CONF
cd "$C"
ceph-authtool --create-keyring keyring --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool keyring --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' \
  --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MONPORT,v1:127.0.0.1:$((MONPORT+1))]" monmap >/dev/null
ceph-mon -c ceph.conf --mkfs -i a --monmap monmap --keyring keyring
ceph-mon -c ceph.conf -i a
CEPH="ceph -c $C/ceph.conf --connect-timeout 10"
$CEPH auth get-or-create mgr.x mon 'allow profile mgr' osd 'allow *' mds 'allow *' -o mgr.x/keyring
ceph-mgr -c ceph.conf -i x
OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
OSD_SECRET=$(ceph-authtool --gen-print-key)
echo "{\"cephx_secret\": \"$OSD_SECRET\"}" > osd.0/new.json
ID=$($CEPH osd new "$OSD_UUID" -i osd.0/new.json)
ceph-authtool --create-keyring "osd.$ID/keyring" --name "osd.$ID" --add-key "$OSD_SECRET" >/dev/null
ceph-osd -c ceph.conf -i "$ID" --mkfs --osd-uuid "$OSD_UUID" --keyring "osd.$ID/keyring" >/dev/null 2>&1
ceph-osd -c ceph.conf -i "$ID" --keyring "osd.$ID/keyring"
echo "osd.$ID started"
