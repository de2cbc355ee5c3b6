// Start-up of ILC's output, before any other C# runs: walks the module headers that ILC lists in the __modules
// section, allocates the GC static bases (the objects that hold each class's static fields of reference type)
// and runs the eager class constructors. Also the symbols ILC's code calls on transitions between native and
// managed code, which are no-ops here: no garbage collector and one thread, so there is nothing to synchronise.
// The class is partial because ILC looks its methods up by name in this one class: this file is the part the kernel
// and the user runtime share (MeghaOS.User compiles it too), and a user program adds its own entry point, Main's
// arguments and exit status in MeghaOS.User/Runtime/StartupCodeHelpers.cs. The kernel adds nothing: KernelEntry
// calls InitializeModules. Fatal errors go to MeghaOS.Panic.Halt, which halts the machine in the kernel and ends the
// process in a user program.
namespace Internal.Runtime.CompilerHelpers;

using System.Runtime;
using MeghaOS.Runtime;

internal static unsafe partial class StartupCodeHelpers
{
    // ReadyToRunSectionType values (ILC 10).
    private const int GcStaticRegionSection = 201;
    private const int EagerClassConstructorSection = 205;

    // Low bits of a GC static base entry before initialisation.
    private const nint StaticBaseUninitialized = 0x1;
    private const nint StaticBaseHasPreinitializedData = 0x2;
    private const nint StaticBaseFlagMask = 0x3;

    private const uint ReadyToRunSignature = 0x00525452; // "RTR"

    private struct ReadyToRunHeader
    {
        public uint Signature;
        public ushort MajorVersion;
        public ushort MinorVersion;
        public uint Flags;
        public ushort SectionCount;
        public byte EntrySize;
        public byte EntryType;
    }

    private struct ModuleSection
    {
        public int SectionId;
        public int Flags;
        public byte* Start;
        public byte* End;
    }

    /// <summary>
    /// Initialises every module listed between <paramref name="modulesStart"/> and <paramref name="modulesEnd"/>
    /// (the linker script's symbols around __modules). Returns false when a header is not ILC's.
    /// </summary>
    internal static bool InitializeModules(void** modulesStart, void** modulesEnd)
    {
        for (void** module = modulesStart; module < modulesEnd; module++)
        {
            var header = (ReadyToRunHeader*)*module;
            if (header == null)
            {
                continue;
            }

            if (header->Signature != ReadyToRunSignature)
            {
                return false;
            }

            var sections = (ModuleSection*)(header + 1);
            for (int i = 0; i < header->SectionCount; i++)
            {
                if (sections[i].SectionId == GcStaticRegionSection)
                {
                    InitializeGcStatics(sections[i].Start, sections[i].End);
                }
            }

            for (int i = 0; i < header->SectionCount; i++)
            {
                if (sections[i].SectionId == EagerClassConstructorSection)
                {
                    RunEagerClassConstructors(sections[i].Start, sections[i].End);
                }
            }
        }

        return true;
    }

    // Each entry is a 32-bit self-relative pointer to a static base slot. The slot holds the base's MethodTable
    // (as a self-relative pointer) with flag bits set; it is replaced by a pointer to a newly allocated object.
    private static void InitializeGcStatics(byte* start, byte* end)
    {
        for (byte* entry = start; entry < end; entry += sizeof(int))
        {
            var slot = (nint*)ReadRelativePointer(entry);
            if ((*slot & StaticBaseUninitialized) == 0)
            {
                continue; // already an object pointer (modules can share a region)
            }

            nint value = (nint)ReadRelativePointer(slot);

            var type = (Internal.Runtime.MethodTable*)(value & ~StaticBaseFlagMask);
            byte* instance = ObjectAllocator.AllocateObject(type);
            if ((value & StaticBaseHasPreinitializedData) != 0)
            {
                // ILC ran the static constructor at compile time: copy the resulting field values in.
                byte* data = ReadRelativePointer((int*)slot + 1);
                MemoryOperations.Copy(instance + sizeof(void*), data, type->BaseSize - (uint)(2 * sizeof(void*)));
            }

            *slot = (nint)instance;
        }
    }

    private static void RunEagerClassConstructors(byte* start, byte* end)
    {
        for (byte* entry = start; entry < end; entry += sizeof(int))
        {
            ((delegate*<void>)ReadRelativePointer(entry))();
        }
    }

    private static byte* ReadRelativePointer(void* location) => (byte*)location + *(int*)location;

    [RuntimeExport("RhpReversePInvoke")]
    private static void RhpReversePInvoke(nint frame)
    {
    }

    [RuntimeExport("RhpReversePInvokeReturn")]
    private static void RhpReversePInvokeReturn(nint frame)
    {
    }

    [RuntimeExport("RhpPInvoke")]
    private static void RhpPInvoke(nint frame)
    {
    }

    [RuntimeExport("RhpPInvokeReturn")]
    private static void RhpPInvokeReturn(nint frame)
    {
    }

    [RuntimeExport("RhpGcPoll")]
    private static void RhpGcPoll()
    {
    }

    [RuntimeExport("RhpFallbackFailFast")]
    private static void RhpFallbackFailFast() => MeghaOS.Panic.Halt("runtime fail-fast");

    [RuntimeExport("RhpThrowEx")]
    private static void RhpThrowEx(object exception) => MeghaOS.Panic.Halt("exception thrown (MeghaOS has no unwinder)");

    [RuntimeExport("RhpRethrow")]
    private static void RhpRethrow() => MeghaOS.Panic.Halt("exception rethrown (MeghaOS has no unwinder)");
}
