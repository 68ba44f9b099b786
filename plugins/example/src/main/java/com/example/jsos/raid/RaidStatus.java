package com.example.jsos.raid;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code raidctl status --json} says: controllers, their volumes and disks. Parsing is a pure
 * function (text in, records out) so it is tested with many small documents, broken ones included.
 *
 * @param controllers every controller raidctl reported
 */
public record RaidStatus(List<Controller> controllers) {

    /** Volume states raidctl knows; a state outside them is kept as raidctl wrote it. */
    public static final List<String> VOLUME_STATES = List.of("optimal", "degraded", "rebuilding", "failed", "offline");
    /** Disk states raidctl knows. */
    public static final List<String> DISK_STATES = List.of("online", "rebuilding", "hotspare", "unconfigured", "failed", "missing");

    /**
     * @param id       raidctl's controller number
     * @param model    e.g. "Acme RAID 9460-8i"
     * @param serial   the controller's serial number
     * @param firmware the firmware version
     * @param status   the controller's own state ("optimal", "needs-attention")
     */
    public record Controller(int id, String model, String serial, String firmware, String status,
                             List<Volume> volumes, List<Disk> disks) {
    }

    /**
     * @param rebuildPercent how far a rebuild has come (0-100), null when none runs
     * @param disks          the slots of the disks it is made of
     */
    public record Volume(int id, String name, String level, long sizeBytes, String state, Double rebuildPercent,
                         List<Integer> disks) {
    }

    /**
     * @param mediaErrors        media errors since the disk was installed (a counter)
     * @param otherErrors        other errors (link, timeout) since it was installed
     * @param predictiveFailures SMART predictive failure events
     * @param temperatureCelsius the drive's temperature, null when it does not say
     */
    public record Disk(int slot, String model, String serial, long sizeBytes, String state, long mediaErrors,
                       long otherErrors, long predictiveFailures, Double temperatureCelsius) {
    }

    /**
     * Parses raidctl's JSON.
     *
     * @throws IllegalArgumentException for malformed JSON or a field of the wrong type, saying where
     */
    public static RaidStatus parse(String json) {
        Object root = Json.parse(json);
        Map<String, Object> top = map(root, "the document");
        List<Controller> controllers = new ArrayList<>();
        int ci = 0;
        for (Object c : list(top.get("controllers"), "controllers")) {
            String where = "controllers[" + ci++ + "]";
            Map<String, Object> m = map(c, where);
            List<Volume> volumes = new ArrayList<>();
            int vi = 0;
            for (Object v : list(m.get("volumes"), where + ".volumes")) {
                String vw = where + ".volumes[" + vi++ + "]";
                Map<String, Object> vm = map(v, vw);
                List<Integer> slots = new ArrayList<>();
                for (Object s : list(vm.get("disks"), vw + ".disks")) {
                    slots.add((int) number(s, vw + ".disks", 0));
                }
                volumes.add(new Volume((int) number(vm.get("id"), vw + ".id", 0), text(vm.get("name"), vw + ".name"),
                        text(vm.get("level"), vw + ".level"), (long) number(vm.get("size_bytes"), vw + ".size_bytes", 0),
                        state(vm.get("state"), vw + ".state"), optional(vm.get("rebuild_percent"), vw + ".rebuild_percent"),
                        slots));
            }
            List<Disk> disks = new ArrayList<>();
            int di = 0;
            for (Object d : list(m.get("disks"), where + ".disks")) {
                String dw = where + ".disks[" + di++ + "]";
                Map<String, Object> dm = map(d, dw);
                disks.add(new Disk((int) number(dm.get("slot"), dw + ".slot", 0), text(dm.get("model"), dw + ".model"),
                        text(dm.get("serial"), dw + ".serial"), (long) number(dm.get("size_bytes"), dw + ".size_bytes", 0),
                        state(dm.get("state"), dw + ".state"), (long) number(dm.get("media_errors"), dw + ".media_errors", 0),
                        (long) number(dm.get("other_errors"), dw + ".other_errors", 0),
                        (long) number(dm.get("predictive_failures"), dw + ".predictive_failures", 0),
                        optional(dm.get("temperature_celsius"), dw + ".temperature_celsius")));
            }
            controllers.add(new Controller((int) number(m.get("id"), where + ".id", ci - 1), text(m.get("model"), where + ".model"),
                    text(m.get("serial"), where + ".serial"), text(m.get("firmware"), where + ".firmware"),
                    state(m.get("status"), where + ".status"), volumes, disks));
        }
        return new RaidStatus(controllers);
    }

    /** The structured model for {@code jsos/raid.json}: snake_case keys, sizes in bytes, like jsos's own models. */
    public Map<String, Object> toModel() {
        List<Object> cs = new ArrayList<>();
        for (Controller c : controllers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("model", c.model());
            m.put("serial", c.serial());
            m.put("firmware", c.firmware());
            m.put("status", c.status());
            List<Object> vs = new ArrayList<>();
            for (Volume v : c.volumes()) {
                Map<String, Object> vm = new LinkedHashMap<>();
                vm.put("id", v.id());
                vm.put("name", v.name());
                vm.put("level", v.level());
                vm.put("size_bytes", v.sizeBytes());
                vm.put("state", v.state());
                vm.put("rebuild_percent", v.rebuildPercent());
                vm.put("disks", v.disks());
                vs.add(vm);
            }
            m.put("volumes", vs);
            List<Object> ds = new ArrayList<>();
            for (Disk d : c.disks()) {
                Map<String, Object> dm = new LinkedHashMap<>();
                dm.put("slot", d.slot());
                dm.put("model", d.model());
                dm.put("serial", d.serial());
                dm.put("size_bytes", d.sizeBytes());
                dm.put("state", d.state());
                dm.put("media_errors", d.mediaErrors());
                dm.put("other_errors", d.otherErrors());
                dm.put("predictive_failures", d.predictiveFailures());
                dm.put("temperature_celsius", d.temperatureCelsius());
                ds.add(dm);
            }
            m.put("disks", ds);
            cs.add(m);
        }
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("controllers", cs);
        return model;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o, String where) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException(where + ": expected an object, got " + kind(o));
        }
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o, String where) {
        if (o == null) {
            return List.of();
        }
        if (!(o instanceof List)) {
            throw new IllegalArgumentException(where + ": expected a list, got " + kind(o));
        }
        return (List<Object>) o;
    }

    private static double number(Object o, String where, double missing) {
        if (o == null) {
            return missing;
        }
        if (!(o instanceof Double d)) {
            throw new IllegalArgumentException(where + ": expected a number, got " + kind(o));
        }
        return d;
    }

    private static Double optional(Object o, String where) {
        return o == null ? null : number(o, where, 0);
    }

    private static String text(Object o, String where) {
        if (o == null) {
            return "";
        }
        if (!(o instanceof String s)) {
            throw new IllegalArgumentException(where + ": expected text, got " + kind(o));
        }
        return s;
    }

    /** States are compared lower-case; raidctl 2 wrote "Optimal", raidctl 3 writes "optimal". */
    private static String state(Object o, String where) {
        String s = text(o, where).trim().toLowerCase(java.util.Locale.ROOT);
        return s.isEmpty() ? "unknown" : s;
    }

    private static String kind(Object o) {
        if (o == null) {
            return "null";
        } else if (o instanceof Map) {
            return "an object";
        } else if (o instanceof List) {
            return "a list";
        } else if (o instanceof String s) {
            return "text \"" + s + "\"";
        }
        return o.toString();
    }
}
