// Where the kernel sees physical memory. The kernel maps all of RAM once, at a fixed virtual offset (the direct map),
// so a physical address becomes a pointer by adding that offset. Shared code turns frames into pointers only through
// here: on the host the offset is 0 (host tests hand out host memory as "physical" frames), in the kernel it is set
// once at boot, before the first frame is touched.
namespace MeghaOS.Memory;

/// <summary>Converts between physical addresses and the kernel's pointers to them.</summary>
public static unsafe class DirectMap
{
    /// <summary>Virtual address of physical address 0 (0 on the host and until the kernel sets it at boot).</summary>
    public static ulong Offset { get; private set; }

    /// <summary>Sets the offset; called once by the kernel at boot.</summary>
    public static void SetOffset(ulong offset) => Offset = offset;

    /// <summary>The kernel's pointer to a physical address.</summary>
    public static byte* Pointer(PhysicalAddress address) => (byte*)(address.Value + Offset);

    /// <summary>The kernel's pointer to a raw physical address.</summary>
    public static byte* Pointer(ulong physical) => (byte*)(physical + Offset);

    /// <summary>The physical address of a pointer into the direct map.</summary>
    public static PhysicalAddress Physical(void* pointer) => new PhysicalAddress((ulong)pointer - Offset);
}
