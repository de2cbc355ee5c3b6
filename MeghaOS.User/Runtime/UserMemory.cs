// Memory for a user program: a bump allocator over the program break. Blocks are never freed (there is no garbage
// collector): a program's objects live until it exits, when the kernel takes back every page at once. The break
// grows by at least 64 KiB at a time (brk), so most allocations make no system call. A program that needs a big
// buffer asks once, up front. When brk refuses (the process hit its memory limit, or the kernel has none left)
// Allocate returns null and the caller reports ENOMEM.
namespace MeghaOS.User;

/// <summary>The program's heap: a bump pointer over memory brk hands out.</summary>
public static unsafe class UserMemory
{
    private const ulong GrowthBytes = 64 * 1024;

    private static byte* s_next;
    private static byte* s_end;
    private static ulong s_allocatedBytes;

    /// <summary>Bytes handed out so far.</summary>
    public static ulong AllocatedBytes => s_allocatedBytes;

    /// <summary>
    /// Returns <paramref name="size"/> bytes, 16-byte aligned and zeroed (fresh brk memory is zero, and nothing is
    /// ever reused), or null when the kernel refuses more memory.
    /// </summary>
    public static byte* Allocate(ulong size)
    {
        ulong rounded = (size + 15) & ~15UL;
        if (rounded < size)
        {
            return null;
        }

        if (s_next == null)
        {
            long start = Syscall.Invoke(Syscall.Brk, 0);
            if (start <= 0)
            {
                return null;
            }

            s_next = (byte*)(((ulong)start + 15) & ~15UL);
            s_end = (byte*)start;
        }

        if ((ulong)(s_end - s_next) < rounded)
        {
            ulong want = rounded - (ulong)(s_end - s_next);
            want = want < GrowthBytes ? GrowthBytes : (want + 4095) & ~4095UL;
            byte* target = s_end + want;
            long result = Syscall.Invoke(Syscall.Brk, (long)target);
            if (result != (long)target)
            {
                return null;
            }

            s_end = target;
        }

        byte* block = s_next;
        s_next += rounded;
        s_allocatedBytes += rounded;
        return block;
    }
}
