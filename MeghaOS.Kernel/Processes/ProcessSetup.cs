// Boot-time setup of the process layer in one call: the process table, the open-file table and the pipe table come
// from the kernel heap (zeroed, kept for the kernel's life), with the default limits, and the scheduler's services.
namespace MeghaOS.Processes;

using MeghaOS.Memory;
using MeghaOS.Memory.Paging;

/// <summary>Sets up ProcessTable and OpenFileTable at boot.</summary>
public static unsafe class ProcessSetup
{
    /// <summary>Processes (live and zombie) the system holds at most: fork beyond gives EAGAIN.</summary>
    public const int DefaultLimit = 32;

    /// <summary>Frames one process may hold (64 MiB): more gives ENOMEM.</summary>
    public const ulong DefaultFrameLimit = 16384;

    /// <summary>Open file descriptions in the whole system.</summary>
    public const int DefaultOpenFiles = 256;

    /// <summary>Pipes in the whole system.</summary>
    public const int DefaultPipes = 32;

    /// <summary>
    /// Allocates and installs the tables with the default limits, the vm and machine given and the scheduler's
    /// services. False when the heap cannot supply the tables (nothing is kept then).
    /// </summary>
    public static bool Initialize(in AddressSpaceOperations vm, in ProcessMachine machine) =>
        Initialize(vm, machine, SchedulerServices.Create(), DefaultLimit, DefaultFrameLimit);

    /// <summary>As above with every choice given.</summary>
    public static bool Initialize(in AddressSpaceOperations vm, in ProcessMachine machine, in ProcessServices services, int limit, ulong frameLimit)
    {
        ulong processBytes = (ulong)(sizeof(Process) * limit);
        ulong fileBytes = (ulong)(sizeof(OpenFile) * DefaultOpenFiles);
        ulong pipeBytes = (ulong)(sizeof(Pipe) * DefaultPipes);
        byte* processes = Zeroed(processBytes);
        byte* files = Zeroed(fileBytes);
        byte* pipes = Zeroed(pipeBytes);
        if (processes == null || files == null || pipes == null)
        {
            FreeIfAny(processes);
            FreeIfAny(files);
            FreeIfAny(pipes);
            return false;
        }

        OpenFileTable.Initialize((OpenFile*)files, DefaultOpenFiles, (Pipe*)pipes, DefaultPipes);
        ProcessTable.Initialize((Process*)processes, limit, limit, frameLimit, vm, machine, services);
        return true;
    }

    private static void FreeIfAny(byte* memory)
    {
        if (memory != null)
        {
            Heap.Free(memory);
        }
    }

    private static byte* Zeroed(ulong bytes)
    {
        byte* memory = (byte*)Heap.Allocate((nuint)bytes);
        if (memory != null)
        {
            Text.Bytes.Fill(memory, bytes, 0);
        }

        return memory;
    }
}
