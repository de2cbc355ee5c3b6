// The system's open file descriptions and pipes, in tables the kernel supplies at boot. Descriptors in processes
// hold indices into it; the last descriptor to let go of a description closes it, and the last end of a pipe to
// close frees the pipe's buffer (and wakes the other side, which then sees end of file or EPIPE). Every change to the
// tables is made with interrupts off (ProcessTable's services): a task preempted between finding a free slot and
// claiming it, or in the middle of a reference count's read-modify-write, would otherwise share a slot with, or
// lose a count to, the task that ran meanwhile.
namespace MeghaOS.Processes;

using MeghaOS.FileSystem;
using MeghaOS.Memory;
using MeghaOS.Syscalls;

/// <summary>Open file descriptions and pipes.</summary>
public static unsafe class OpenFileTable
{
    private static OpenFile* s_files;
    private static int s_fileCount;
    private static Pipe* s_pipes;
    private static int s_pipeCount;

    /// <summary>Slots for open file descriptions.</summary>
    public static int FileCapacity => s_fileCount;

    /// <summary>Installs the tables (zeroed, kept for the kernel's life).</summary>
    public static void Initialize(OpenFile* files, int fileCount, Pipe* pipes, int pipeCount)
    {
        s_files = files;
        s_fileCount = fileCount;
        s_pipes = pipes;
        s_pipeCount = pipeCount;
    }

    /// <summary>Forgets the tables (tests).</summary>
    public static void Reset()
    {
        s_files = null;
        s_fileCount = 0;
        s_pipes = null;
        s_pipeCount = 0;
    }

    /// <summary>Open descriptions in use.</summary>
    public static int CountInUse()
    {
        int count = 0;
        for (int i = 0; i < s_fileCount; i++)
        {
            count += s_files[i].Kind != OpenFileKind.Unused ? 1 : 0;
        }

        return count;
    }

    /// <summary>Pipes in use.</summary>
    public static int PipesInUse()
    {
        int count = 0;
        for (int i = 0; i < s_pipeCount; i++)
        {
            count += s_pipes[i].Buffer != null ? 1 : 0;
        }

        return count;
    }

    /// <summary>A new description with one reference; its index, or -ENFILE when the table is full.</summary>
    public static int Allocate(OpenFileKind kind, int flags)
    {
        bool interrupts = ProcessTable.DisableInterrupts();
        int index = Claim(kind, flags);
        ProcessTable.RestoreInterrupts(interrupts);
        return index;
    }

    /// <summary>The description at <paramref name="index"/>, or null.</summary>
    public static OpenFile* Get(int index) =>
        index >= 0 && index < s_fileCount && s_files[index].Kind != OpenFileKind.Unused ? &s_files[index] : null;

    /// <summary>The pipe at <paramref name="index"/>, or null.</summary>
    public static Pipe* GetPipe(int index) =>
        index >= 0 && index < s_pipeCount && s_pipes[index].Buffer != null ? &s_pipes[index] : null;

    /// <summary>
    /// The VFS file a new description (of kind Vfs) refers to, which it holds until its last close: removing or
    /// replacing the file then leaves the node to this description (Vfs.Hold).
    /// </summary>
    public static void SetVfsFile(int index, in VfsFile vfsFile, bool directory)
    {
        bool interrupts = ProcessTable.DisableInterrupts();
        OpenFile* file = Get(index);
        if (file != null)
        {
            file->File = vfsFile;
            file->IsDirectory = directory;
            Vfs.Hold(vfsFile);
        }

        ProcessTable.RestoreInterrupts(interrupts);
    }

    /// <summary>One more descriptor refers to the description.</summary>
    public static void AddReference(int index)
    {
        bool interrupts = ProcessTable.DisableInterrupts();
        OpenFile* file = Get(index);
        if (file != null)
        {
            file->References++;
        }

        ProcessTable.RestoreInterrupts(interrupts);
    }

    /// <summary>One descriptor lets go; the last one closes the description (and the pipe end).</summary>
    public static void Release(int index)
    {
        bool interrupts = ProcessTable.DisableInterrupts();
        OpenFile* file = Get(index);
        if (file != null && --file->References == 0)
        {
            if (file->Kind == OpenFileKind.PipeRead || file->Kind == OpenFileKind.PipeWrite)
            {
                ClosePipeEnd(file->Pipe, file->Kind == OpenFileKind.PipeRead);
            }
            else if (file->Kind == OpenFileKind.Vfs && file->File.Node.Node != 0)
            {
                Vfs.Release(file->File);
            }

            *file = default;
        }

        ProcessTable.RestoreInterrupts(interrupts);
    }

    /// <summary>
    /// A new pipe with a read description and a write description (flags O_NONBLOCK kept on both). 0, or -ENFILE
    /// when a table is full, -ENOMEM when the heap has no buffer; nothing is left allocated on failure.
    /// </summary>
    public static int CreatePipe(int flags, out int readIndex, out int writeIndex)
    {
        readIndex = -1;
        writeIndex = -1;

        // The buffer first: the heap may switch tasks, so nothing is claimed until it is in hand; then the pipe slot
        // and both descriptions are found and claimed in one interrupts-off section.
        byte* buffer = (byte*)Heap.Allocate(Pipe.Capacity);
        if (buffer == null)
        {
            return -Errno.ENOMEM;
        }

        bool interrupts = ProcessTable.DisableInterrupts();
        int pipe = -1;
        for (int i = 0; i < s_pipeCount && pipe < 0; i++)
        {
            pipe = s_pipes[i].Buffer == null ? i : -1;
        }

        int reader = pipe < 0 ? -Errno.ENFILE : Claim(OpenFileKind.PipeRead, flags & SyscallFlags.NonBlock);
        int writer = reader < 0 ? reader : Claim(OpenFileKind.PipeWrite, (flags & SyscallFlags.NonBlock) | SyscallFlags.WriteOnly);
        if (writer < 0)
        {
            if (reader >= 0)
            {
                s_files[reader] = default;
            }

            ProcessTable.RestoreInterrupts(interrupts);
            Heap.Free(buffer);
            return writer;
        }

        s_pipes[pipe] = default;
        s_pipes[pipe].Buffer = buffer;
        s_pipes[pipe].Readers = 1;
        s_pipes[pipe].Writers = 1;
        s_files[reader].Pipe = pipe;
        s_files[writer].Pipe = pipe;
        readIndex = reader;
        writeIndex = writer;
        ProcessTable.RestoreInterrupts(interrupts);
        return 0;
    }

    // Finds and claims a free description (interrupts off): its index, or -ENFILE.
    private static int Claim(OpenFileKind kind, int flags)
    {
        for (int i = 0; i < s_fileCount; i++)
        {
            if (s_files[i].Kind == OpenFileKind.Unused)
            {
                s_files[i] = default;
                s_files[i].Kind = kind;
                s_files[i].Flags = flags;
                s_files[i].References = 1;
                return i;
            }
        }

        return -Errno.ENFILE;
    }

    private static void ClosePipeEnd(int index, bool readEnd)
    {
        Pipe* pipe = GetPipe(index);
        if (pipe == null)
        {
            return;
        }

        if (readEnd)
        {
            pipe->Readers--;
        }
        else
        {
            pipe->Writers--;
        }

        // The other side sees end of file (no writers) or EPIPE (no readers) when it wakes.
        ProcessTable.WakeAll(&pipe->ReadWaiters);
        ProcessTable.WakeAll(&pipe->WriteWaiters);
        PollWaiters.WakeAll();
        if (pipe->Readers == 0 && pipe->Writers == 0)
        {
            Heap.Free(pipe->Buffer);
            *pipe = default;
        }
    }
}
