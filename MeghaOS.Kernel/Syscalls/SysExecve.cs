// execve(path, argv, envp): copies the path and every argv and envp string in (EFAULT for a bad pointer, E2BIG past
// ProgramLoader's limits), reads the file (ENOENT, EACCES for a directory or device), has the loader build a new
// address space (ENOEXEC when it refuses), then swaps it in: the old space is destroyed, descriptors marked
// close-on-exec are closed, signal handlers reset, the name becomes the file's, and the thread starts at the entry
// with the new stack and every other register zero. On failure the old program goes on, unchanged.
namespace MeghaOS.Syscalls;

using System;
using MeghaOS.Memory;
using MeghaOS.Memory.Paging;
using MeghaOS.Processes;

/// <summary>System call 59.</summary>
public static unsafe class SysExecve
{
    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        Process* process = ProcessTable.Current;
        if (process == null)
        {
            return -Errno.EPERM;
        }

        byte* path = stackalloc byte[UserPath.BufferBytes];
        int pathLength = UserPath.Resolve(process, SyscallFlags.AtCurrentDirectory, registers->Rdi, path);
        if (pathLength < 0)
        {
            return pathLength;
        }

        byte* strings = (byte*)Heap.Allocate(ProgramLoader.MaxArgumentBytes);
        if (strings == null)
        {
            return -Errno.ENOMEM;
        }

        ExecArguments arguments = default;
        arguments.Strings = strings;
        int status = CopyStrings(process, registers->Rsi, ref arguments, out arguments.ArgumentCount);
        if (status == 0)
        {
            status = CopyStrings(process, registers->Rdx, ref arguments, out arguments.EnvironmentCount);
        }

        byte* file = null;
        int fileLength = 0;
        ReadOnlySpan<byte> name = new ReadOnlySpan<byte>(path, pathLength);
        if (status == 0)
        {
            status = ProgramLoader.ReadFile(name, out file, out fileLength);
        }

        ExecImage image = default;
        if (status == 0)
        {
            status = ProgramLoader.Load(new ReadOnlySpan<byte>(file, fileLength), arguments, process->FrameLimit, out image);
            Heap.Free(file);
        }

        Heap.Free(strings);
        if (status != 0)
        {
            return status;
        }

        Replace(process, registers, image, ProgramLoader.BaseName(name));
        return 0;
    }

    // Copies a NULL-terminated array of string pointers (a null array is empty) into the arguments' buffer.
    private static int CopyStrings(Process* process, ulong array, ref ExecArguments arguments, out int count)
    {
        count = 0;
        if (array == 0)
        {
            return 0;
        }

        while (true)
        {
            if (count >= ProgramLoader.MaxStrings)
            {
                return -Errno.E2BIG;
            }

            if (UserMemory.ReadUInt64(process, array + (ulong)count * 8, out ulong pointer) != 0)
            {
                return -Errno.EFAULT;
            }

            if (pointer == 0)
            {
                return 0;
            }

            int room = ProgramLoader.MaxArgumentBytes - arguments.Length;
            int length = UserMemory.CopyInString(process, pointer, arguments.Strings + arguments.Length, room);
            if (length < 0)
            {
                return length == -Errno.ENAMETOOLONG ? -Errno.E2BIG : length;
            }

            arguments.Strings[arguments.Length + length] = 0;
            arguments.Length += length + 1;
            count++;
        }
    }

    private static void Replace(Process* process, UserRegisters* registers, in ExecImage image, ReadOnlySpan<byte> name)
    {
        ref AddressSpaceOperations vm = ref ProcessTable.Vm;
        AddressSpace old = process->Space;
        process->Space = image.Space;
        ProcessTable.SetThreadSpace(process->ThreadId, image.Space.Root);
        if (vm.Activate != null)
        {
            vm.Activate(vm.Context, image.Space);
        }

        vm.Destroy(vm.Context, old);
        process->BreakStart = MemoryLayout.PageUp(image.BreakStart);
        process->Break = process->BreakStart;
        process->MapNext = MemoryLayout.MapBase;
        for (int signal = 1; signal <= Process.SignalCount; signal++)
        {
            if (process->Handles(signal))
            {
                process->SetAction(signal, default); // handlers are gone with the old image; ignored stays ignored
            }
        }

        process->ClearChildTid = 0;
        process->SetName(name);
        for (int fd = 0; fd < Process.MaxFiles; fd++)
        {
            if ((process->CloseOnExec & (1UL << fd)) != 0)
            {
                ProcessTable.CloseDescriptor(process, fd);
            }
        }

        *registers = default;
        registers->Rip = image.Entry;
        registers->Rsp = image.StackPointer;
        registers->Rflags = 0x202;
    }
}
