package io.jsos.storage.lvm;

import java.util.List;
import java.util.Map;

/**
 * {@code jsos/lvm.json}: what lvm2 and device-mapper report, decoded. Sizes are bytes, percentages
 * 0–100 or null when lvm2 does not know them (an inactive LV, a node without device-mapper).
 * Component names are the document's field names (snake_case, read by the findings rules).
 */
public record LvmModel(List<Pv> pvs, List<Vg> vgs, List<Lv> lvs, List<DmDevice> dm_devices, List<String> errors) {

    public record Pv(String name, String vg, Long size_bytes, Long free_bytes, String attr, Map<String, Object> attr_decoded,
                     String uuid, String format, Long dev_size_bytes, List<String> tags) {
    }

    public record Vg(String name, String uuid, Long size_bytes, Long free_bytes, Long pv_count, Long lv_count, Long snap_count,
                     String attr, Map<String, Object> attr_decoded, Long extent_size_bytes, Long missing_pv_count, List<String> tags) {
    }

    /** An LV; hidden sub-LVs ({@code [tpool_tdata]} in lvs -a) carry their name without brackets and hidden=true. */
    public record Lv(String name, boolean hidden, String vg, String uuid, String attr, Map<String, Object> attr_decoded, Long size_bytes,
                     String segtype, List<String> roles, List<String> layout, String pool, String origin,
                     Double data_percent, Double metadata_percent, Double snap_percent, Double copy_percent,
                     Long metadata_size_bytes, Boolean active, String health, String when_full, List<String> devices,
                     String dm_path, List<String> tags) {
    }

    /** A device-mapper device from {@code dmsetup table} and {@code dmsetup status}, one entry per segment. */
    public record DmDevice(String name, List<DmSegment> segments) {
    }

    /**
     * One segment. For thin pools and snapshots the status numbers are decoded into percentages
     * (the kernel's own view, also where lvm2 cannot say).
     */
    public record DmSegment(long start_sector, long length_sectors, String target, String table, String status,
                            Double data_percent, Double metadata_percent, String pool_mode, Boolean needs_check) {
    }
}
