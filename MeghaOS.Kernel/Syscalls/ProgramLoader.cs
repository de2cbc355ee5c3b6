// The seam between execve (and the kernel starting /bin/init) and the ELF loader, which the coordinator installs
// with SetLoader: given a program file's bytes, argv/envp and the frame limit, the loader builds a new address space
// (through the vm operations) with the program and its System V initial stack, and returns 0 with the image, or
// -ENOEXEC (malformed, dynamic), -ENOMEM, -E2BIG, leaving nothing allocated. Start runs a program as a new process.
namespace MeghaOS.Syscalls;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Memory;
using MeghaOS.Processes;

/// <summary>The installed program loader and what execve and the kernel share around it.</summary>
public static unsafe class ProgramLoader
{
    /// <summary>Largest program file execve reads (bytes).</summary>
    public const ulong MaxFileBytes = 64UL * 1024 * 1024;

    /// <summary>Most bytes of argv and envp strings together (NULs included), a quarter of Linux's ARG_MAX.</summary>
    public const int MaxArgumentBytes = 32 * 1024;

    /// <summary>Most strings in argv, and in envp.</summary>
    public const int MaxStrings = 4096;

    private static delegate*<ReadOnlySpan<byte>, in ExecArguments, ulong, out ExecImage, int> s_loader;

    /// <summary>True once a loader is installed.</summary>
    public static bool IsInstalled => s_loader != null;

    /// <summary>Installs the loader (null removes it; execve then fails with ENOEXEC).</summary>
    public static void SetLoader(delegate*<ReadOnlySpan<byte>, in ExecArguments, ulong, out ExecImage, int> loader) => s_loader = loader;

    /// <summary>Runs the loader: 0 or -errno.</summary>
    public static int Load(ReadOnlySpan<byte> file, in ExecArguments arguments, ulong frameLimit, out ExecImage image)
    {
        image = default;
        return s_loader == null ? -Errno.ENOEXEC : s_loader(file, arguments, frameLimit, out image);
    }

    /// <summary>
    /// Reads the whole program at the canonical <paramref name="path"/> into a heap block (the caller frees it):
    /// 0, -ENOENT / -ENOTDIR, -EACCES (a directory or device), -ENOEXEC (empty or larger than MaxFileBytes), -ENOMEM.
    /// </summary>
    public static int ReadFile(ReadOnlySpan<byte> path, out byte* bytes, out int length)
    {
        bytes = null;
        length = 0;
        VfsStatus status = Vfs.Stat(path, out VfsStat stat);
        if (status != VfsStatus.Success)
        {
            return -Errno.FromVfs(status);
        }

        if (stat.Kind != VfsNodeKind.File)
        {
            return -Errno.EACCES;
        }

        if (stat.Size == 0 || stat.Size > MaxFileBytes)
        {
            return -Errno.ENOEXEC;
        }

        // Held while it is read in steps, so another process's unlink cannot free it in between.
        status = Vfs.OpenAndHold(path, VfsOpenMode.Read, out VfsFile file);
        if (status != VfsStatus.Success)
        {
            return -Errno.FromVfs(status);
        }

        byte* buffer = (byte*)Heap.Allocate((nuint)stat.Size);
        if (buffer == null)
        {
            Vfs.Release(file);
            return -Errno.ENOMEM;
        }

        ulong done = 0;
        while (done < stat.Size)
        {
            ulong step = stat.Size - done < 65536 ? stat.Size - done : 65536;
            status = Vfs.Read(file, done, new Span<byte>(buffer + done, (int)step), out int read);
            if (status != VfsStatus.Success || read <= 0)
            {
                Vfs.Release(file);
                Heap.Free(buffer);
                return status != VfsStatus.Success ? -Errno.FromVfs(status) : -Errno.EIO;
            }

            done += (ulong)read;
        }

        Vfs.Release(file);

        bytes = buffer;
        length = (int)stat.Size;
        return 0;
    }

    /// <summary>
    /// Starts the program at <paramref name="path"/> (absolute) as a new process of the kernel (parent 0) with the
    /// console as descriptors 0, 1, 2 and in the foreground; <paramref name="arguments"/> are its argv and envp.
    /// Returns the pid or -errno; nothing is left allocated on failure.
    /// </summary>
    public static int Start(ReadOnlySpan<byte> path, in ExecArguments arguments)
    {
        int status = ReadFile(path, out byte* bytes, out int length);
        if (status != 0)
        {
            return status;
        }

        status = Load(new ReadOnlySpan<byte>(bytes, length), arguments, ProcessTable.FrameLimit, out ExecImage image);
        Heap.Free(bytes);
        if (status != 0)
        {
            return status;
        }

        UserRegisters registers = default;
        registers.Rip = image.Entry;
        registers.Rsp = image.StackPointer;
        registers.Rflags = 0x202;
        int pid = ProcessTable.Create(BaseName(path), 0, image.Space, registers, image.BreakStart, true);
        if (pid < 0)
        {
            ref Memory.Paging.AddressSpaceOperations vm = ref ProcessTable.Vm;
            vm.Destroy(vm.Context, image.Space);
        }

        return pid;
    }

    /// <summary>The last component of a path.</summary>
    public static ReadOnlySpan<byte> BaseName(ReadOnlySpan<byte> path)
    {
        int start = 0;
        for (int i = 0; i < path.Length; i++)
        {
            if (path[i] == (byte)'/' && i + 1 < path.Length)
            {
                start = i + 1;
            }
        }

        int end = path.Length;
        while (end > start && path[end - 1] == (byte)'/')
        {
            end--;
        }

        return path.Slice(start, end - start);
    }
}
