// Start-up of a user program, between Start.asm's _start and the program's Main. MeghaOSUserStartup records the
// System V initial stack (Process.cs reads argc/argv/envp/auxv from it) and sets up ILC's modules: it allocates the
// GC static bases and runs the eager class constructors, as the kernel's start-up does (same ReadyToRun layout,
// ILC 10). ILC's generated __managed__Main then calls InitializeCommandLineArgs and GetMainMethodArguments (by name,
// from this class) to build Main's string[], calls Main, and passes its result to SetLatchedExitCode and Shutdown.
// This differs from the kernel's StartupCodeHelpers (hence its own file): command-line arguments exist, a fatal
// runtime error ends the process instead of the machine, and exit happens through exit_group.
namespace Internal.Runtime.CompilerHelpers;

using System.Runtime;
using MeghaOS;
using MeghaOS.Runtime;
using MeghaOS.User;

internal static unsafe class StartupCodeHelpers
{
    // ReadyToRunSectionType values (ILC 10).
    private const int GcStaticRegionSection = 201;
    private const int EagerClassConstructorSection = 205;

    private const nint StaticBaseUninitialized = 0x1;
    private const nint StaticBaseHasPreinitializedData = 0x2;
    private const nint StaticBaseFlagMask = 0x3;

    private const uint ReadyToRunSignature = 0x00525452; // "RTR"

    private static int s_exitCode;

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

    /// <summary>Called by _start before any C# that allocates: records the initial stack and sets up the modules.</summary>
    [RuntimeExport("MeghaOSUserStartup")]
    private static void Startup(ulong* initialStack, void** modulesStart, void** modulesEnd)
    {
        Process.SetInitialStack(initialStack);
        for (void** module = modulesStart; module < modulesEnd; module++)
        {
            var header = (ReadyToRunHeader*)*module;
            if (header == null)
            {
                continue;
            }

            if (header->Signature != ReadyToRunSignature)
            {
                Panic.Halt("the program's module header is not ILC's (wrong ILCompiler version?)");
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
                    for (byte* entry = sections[i].Start; entry < sections[i].End; entry += sizeof(int))
                    {
                        ((delegate*<void>)ReadRelativePointer(entry))();
                    }
                }
            }
        }
    }

    // Each entry is a 32-bit self-relative pointer to a static base slot, which holds the base's MethodTable (as a
    // self-relative pointer) with flag bits set until it is replaced by a newly allocated object.
    private static void InitializeGcStatics(byte* start, byte* end)
    {
        for (byte* entry = start; entry < end; entry += sizeof(int))
        {
            var slot = (nint*)ReadRelativePointer(entry);
            if ((*slot & StaticBaseUninitialized) == 0)
            {
                continue;
            }

            nint value = (nint)ReadRelativePointer(slot);
            var type = (Internal.Runtime.MethodTable*)(value & ~StaticBaseFlagMask);
            byte* instance = ObjectAllocator.AllocateObject(type);
            if ((value & StaticBaseHasPreinitializedData) != 0)
            {
                byte* data = ReadRelativePointer((int*)slot + 1);
                MemoryOperations.Copy(instance + sizeof(void*), data, type->BaseSize - (uint)(2 * sizeof(void*)));
            }

            *slot = (nint)instance;
        }
    }

    private static byte* ReadRelativePointer(void* location) => (byte*)location + *(int*)location;

    // Called by ILC's __managed__Main with _start's argc and argv; Process.cs already has them from the stack.
    internal static void InitializeCommandLineArgs(int argc, sbyte** argv)
    {
    }

    // Main's string[]: argv[1..] (argv[0], the program's name, is Process.Name), as .NET passes them.
    internal static string[] GetMainMethodArguments() => Process.CreateArguments();

    internal static void SetLatchedExitCode(int exitCode) => s_exitCode = exitCode;

    // What __managed__Main returns: Main's result, the exit status _start passes to exit_group.
    internal static int Shutdown() => s_exitCode & 0xFF;

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
    private static void RhpFallbackFailFast() => Panic.Halt("runtime fail-fast");

    [RuntimeExport("RhpThrowEx")]
    private static void RhpThrowEx(object exception) => Panic.Halt("exception thrown (user programs have no unwinder)");

    [RuntimeExport("RhpRethrow")]
    private static void RhpRethrow() => Panic.Halt("exception rethrown (user programs have no unwinder)");
}
