// Copy-in and copy-out: the only way system calls touch a program's memory. Every range is checked to lie below
// MemoryLayout.UserTop without wrapping, then copied through the address-space operations (Read/Write), which fail
// with Fault for any byte not mapped with the access needed; that becomes EFAULT. A copy-out checks every page first,
// so on failure nothing at all was written.
namespace MeghaOS.Syscalls;

using MeghaOS.Memory.Paging;
using MeghaOS.Processes;

/// <summary>Copies between kernel buffers and the running process's memory.</summary>
public static unsafe class UserMemory
{
    /// <summary>True when [address, address + count) is wholly in the user half.</summary>
    public static bool IsUserRange(ulong address, ulong count) =>
        address < MemoryLayout.UserTop && count <= MemoryLayout.UserTop - address;

    /// <summary>Copies <paramref name="count"/> bytes from the program into <paramref name="destination"/>: 0 or -EFAULT.</summary>
    public static int CopyIn(Process* process, ulong address, void* destination, ulong count)
    {
        if (count == 0)
        {
            return 0;
        }

        if (process == null || !IsUserRange(address, count))
        {
            return -Errno.EFAULT;
        }

        ref AddressSpaceOperations vm = ref ProcessTable.Vm;
        return vm.Read(vm.Context, process->Space, address, (byte*)destination, count) == VmStatus.Success ? 0 : -Errno.EFAULT;
    }

    /// <summary>Copies <paramref name="count"/> bytes into the program: 0, or -EFAULT with nothing written.</summary>
    public static int CopyOut(Process* process, ulong address, void* source, ulong count)
    {
        if (count == 0)
        {
            return 0;
        }

        if (process == null || !IsUserRange(address, count))
        {
            return -Errno.EFAULT;
        }

        ref AddressSpaceOperations vm = ref ProcessTable.Vm;
        for (ulong page = MemoryLayout.PageDown(address); page < address + count; page += MemoryLayout.PageSize)
        {
            PageAccess access = vm.Query(vm.Context, process->Space, page);
            if ((access & PageAccess.Write) == 0)
            {
                return -Errno.EFAULT;
            }
        }

        return vm.Write(vm.Context, process->Space, address, (byte*)source, count, true) == VmStatus.Success ? 0 : -Errno.EFAULT;
    }

    /// <summary>Reads a 64-bit value: 0 or -EFAULT.</summary>
    public static int ReadUInt64(Process* process, ulong address, out ulong value)
    {
        ulong result = 0;
        int status = CopyIn(process, address, &result, 8);
        value = result;
        return status;
    }

    /// <summary>
    /// Copies a NUL-terminated string (without the NUL) into <paramref name="destination"/> of
    /// <paramref name="capacity"/> bytes: its length, -EFAULT, or -ENAMETOOLONG when no NUL comes within capacity.
    /// Reads page by page, never past the page holding the NUL.
    /// </summary>
    public static int CopyInString(Process* process, ulong address, byte* destination, int capacity)
    {
        int length = 0;
        while (length < capacity)
        {
            ulong at = address + (ulong)length;
            ulong toPageEnd = MemoryLayout.PageSize - (at & (MemoryLayout.PageSize - 1));
            int chunk = (ulong)(capacity - length) < toPageEnd ? capacity - length : (int)toPageEnd;
            int status = CopyIn(process, at, destination + length, (ulong)chunk);
            if (status != 0)
            {
                return status;
            }

            for (int i = 0; i < chunk; i++)
            {
                if (destination[length + i] == 0)
                {
                    return length + i;
                }
            }

            length += chunk;
        }

        return -Errno.ENAMETOOLONG;
    }
}
