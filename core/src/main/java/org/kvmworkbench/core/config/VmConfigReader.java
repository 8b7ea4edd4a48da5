package org.kvmworkbench.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Turns a parsed JSON/YAML tree into a {@link VmConfig}, reporting every problem. Checks that span fields
 * (image fits memory, entry inside memory) run only when the fields they use are valid, so one mistake is
 * not reported twice.
 */
final class VmConfigReader {
    static final List<String> FIELDS = Stream.concat(Stream.of("name", "description", "memory", "backend", "image",
            "loadAddress", "entry", "devices", "controls", "kvm", KeyExitsReader.FIELD), SampleInfoReader.FIELDS.stream())
            .toList();

    private VmConfigReader() {}

    /** The config, or null if anything was reported. */
    static VmConfig read(JsonNode root, Path baseDir, Problems problems) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            problems.add("", "config.empty");
            return null;
        }
        ObjectReader o = ObjectReader.open(root, "", Problems.say("what.config"), FIELDS, problems);
        if (o == null) return null;
        String name = o.required("name", Values.nonBlankText());
        String description = o.optional("description", Values.text(), null);
        Long memory = o.required("memory", VmConfigReader::memory);
        BackendChoice backend = o.optional("backend", Values.choice(BackendChoice.class, Problems.say("what.backend")),
                BackendChoice.AUTO);
        String image = o.required("image", Values.nonBlankText());
        Long loadAddress = o.optional("loadAddress", Values.integer(IntRange.ADDRESS),
                VmConfig.DEFAULT_LOAD_ADDRESS);
        Entry entry = entry(o, loadAddress);
        List<DeviceConfig> devices = o.optional("devices", DeviceListReader::read, List.of());
        Controls controls = o.optional("controls", ControlsReader::read, Controls.defaults());
        KvmOptions kvm = o.optional("kvm", VmConfigReader::kvm, KvmOptions.defaults());
        List<KeyExit> keyExits = o.optional(KeyExitsReader.FIELD, KeyExitsReader::read, List.of());
        SampleInfoReader.read(o); // the gallery's fields: checked here, read by SampleInfo.of

        if (memory != null) checkInsideMemory(memory, loadAddress, entry, problems);
        if (memory != null && devices != null) DeviceListReader.checkOutsideRam(devices, memory, "devices", problems);
        if (image != null) ImageCheck.check(image, baseDir, memory, loadAddress, problems);
        if (devices != null && kvm != null) checkIrqchip(devices, kvm, problems);
        if (!problems.isEmpty()) return null;
        return new VmConfig(name, description, memory, backend, image, loadAddress, entry, devices, controls,
                kvm, baseDir, keyExits);
    }

    private static Long memory(JsonNode node, String path, Problems problems) {
        Long bytes = Values.size().convert(node, path, problems);
        if (bytes == null) return null;
        if (bytes < 0) problems.add(path, "memory.negative", bytes, Numbers.describeSize(VmConfig.MIN_MEMORY));
        else if (bytes < VmConfig.MIN_MEMORY)
            problems.add(path, "memory.tooSmall", Numbers.describeSize(bytes), Numbers.describeSize(VmConfig.MIN_MEMORY));
        else if (bytes > VmConfig.MAX_MEMORY)
            problems.add(path, "memory.tooLarge", Numbers.describeSize(bytes), Numbers.describeSize(VmConfig.MAX_MEMORY));
        else if (bytes % VmConfig.PAGE_SIZE != 0) problems.add(path, "memory.notPages", bytes, VmConfig.PAGE_SIZE);
        else return bytes;
        return null;
    }

    /** CS defaults to 0 and IP to loadAddress, which must then fit 16 bits. */
    private static Entry entry(ObjectReader top, Long loadAddress) {
        ObjectReader o = top.object("entry", org.kvmworkbench.core.i18n.Phrase.literal("entry"), List.of("cs", "ip"));
        if (top.has("entry") && o == null) return null;
        Long cs = o == null ? Long.valueOf(0) : o.optional("cs", Values.integer(IntRange.SEGMENT), 0L);
        Long ip = o != null && o.has("ip") ? o.required("ip", Values.integer(IntRange.OFFSET))
                : defaultIp(loadAddress, top.problems());
        return cs == null || ip == null ? null : new Entry(cs.intValue(), ip.intValue());
    }

    private static Long defaultIp(Long loadAddress, Problems problems) {
        if (loadAddress == null || loadAddress <= 0xFFFF) return loadAddress;
        if (loadAddress > 0xFFFFF) problems.add("entry.ip", "entry.ipDefault", Numbers.hex(loadAddress));
        else problems.add("entry.ip", "entry.ipDefault.suggest", Numbers.hex(loadAddress), Numbers.hex(loadAddress >> 4),
                Numbers.hex(loadAddress & 0xF));
        return null;
    }

    private static void checkInsideMemory(long memory, Long loadAddress, Entry entry, Problems problems) {
        // A bad loadAddress usually explains a bad (defaulted) entry too, so report only the first.
        if (loadAddress != null && loadAddress >= memory)
            problems.add("loadAddress", "loadAddress.outside", Numbers.hex(loadAddress), Numbers.describeSize(memory),
                    Numbers.hex(memory - 1));
        else if (entry != null && entry.linearAddress() >= memory)
            problems.add("entry", "entry.outside", Numbers.hex(entry.cs()), Numbers.hex(entry.ip()),
                    Numbers.hex(entry.linearAddress()), Numbers.describeSize(memory), Numbers.hex(memory - 1));
    }

    /**
     * The 8259A is modeled where KVM has it, in the kernel (KVM_CREATE_IRQCHIP): injection, the interrupt window and
     * the blocked HLT are shown as KVM does them there. A userspace 8259A (KVM_INTERRUPT) is not modeled.
     */
    private static void checkIrqchip(List<DeviceConfig> devices, KvmOptions kvm, Problems problems) {
        for (int i = 0; i < devices.size(); i++) {
            if (devices.get(i) instanceof PicConfig && !kvm.irqchip()) {
                problems.add("kvm.irqchip", "pic.needsIrqchip", i, PicConfig.TYPE);
                return;
            }
        }
    }

    private static KvmOptions kvm(JsonNode node, String path, Problems problems) {
        ObjectReader o = ObjectReader.open(node, path, org.kvmworkbench.core.i18n.Phrase.literal("kvm"), List.of("irqchip", "irqfd"),
                problems);
        if (o == null) return null;
        Boolean irqchip = o.optional("irqchip", Values.bool(), KvmOptions.defaults().irqchip());
        Boolean irqfd = o.optional("irqfd", Values.bool(), KvmOptions.defaults().irqfd());
        return irqchip == null || irqfd == null ? null : new KvmOptions(irqchip, irqfd);
    }
}
