// The one list of address-space implementations: the vm subsystem registers them at boot in this order (the first
// is the default) and the host tests read it. Adding one: its file, and one line here. Shared code.
namespace MeghaOS.Memory.Paging;

using System;

/// <summary>Every address-space implementation, the default first.</summary>
public static class VmCatalog
{
    private static readonly VmImplementation[] s_implementations =
    {
        EagerAddressSpace.Implementation, // the default
        DemandAddressSpace.Implementation,
    };

    /// <summary>The implementations in catalog order (the order /sys/vm/implementation lists them).</summary>
    public static ReadOnlySpan<VmImplementation> All => s_implementations;
}
