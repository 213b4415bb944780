package dev.sessionguard.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** What Slack says about the device behind a session, when it was created or most recently. Any field may be blank. */
public record DeviceInfo(String hardware, String os, String osVersion, String clientVersion, String ip) {

    public DeviceInfo {
        hardware = clean(hardware);
        os = clean(os);
        osVersion = clean(osVersion);
        clientVersion = clean(clientVersion);
        ip = clean(ip);
    }

    /** "MacBookPro18,1 · macOS 14.4": the device in plain words (not escaped). */
    public String deviceWords() {
        List<String> parts = new ArrayList<>();
        if (!hardware.isEmpty()) {
            parts.add(hardware);
        }
        String system = (os + " " + osVersion).strip();
        if (!system.isEmpty()) {
            parts.add(system);
        }
        return parts.isEmpty() ? "Unknown device" : String.join(" · ", parts);
    }

    /** Different hardware or operating system: a new device, not an update of the same one. */
    public boolean differentDevice(DeviceInfo other) {
        return other != null && (!Objects.equals(hardware, other.hardware) || !Objects.equals(os, other.os));
    }

    public boolean differentIp(DeviceInfo other) {
        return other != null && !ip.isEmpty() && !other.ip.isEmpty() && !ip.equals(other.ip);
    }

    private static String clean(String s) {
        return s == null ? "" : s.strip();
    }
}
