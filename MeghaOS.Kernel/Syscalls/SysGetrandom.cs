// getrandom(buffer, count, flags): bytes from a xorshift generator stirred with the services' entropy (uptime and a
// counter) on every call. Not cryptographic; enough for musl's and a C# runtime's hash seeds. At most MaxBytes per
// call (a short count, as Linux allows for large requests).
namespace MeghaOS.Syscalls;

using MeghaOS.Processes;

/// <summary>System call 318.</summary>
public static unsafe class SysGetrandom
{
    /// <summary>Most bytes produced per call.</summary>
    public const int MaxBytes = 4096;

    private const int ChunkBytes = 256;

    private static ulong s_state;

    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        if ((registers->Rdx & ~7UL) != 0)
        {
            return -Errno.EINVAL; // GRND_NONBLOCK, GRND_RANDOM and GRND_INSECURE are accepted
        }

        Process* process = ProcessTable.Current;
        ulong count = registers->Rsi < MaxBytes ? registers->Rsi : MaxBytes;
        if (!UserMemory.IsUserRange(registers->Rdi, count))
        {
            return -Errno.EFAULT;
        }

        ref ProcessServices services = ref ProcessTable.Services;
        s_state ^= services.Entropy != null ? services.Entropy() : 0x2545F4914F6CDD1D;
        if (s_state == 0)
        {
            s_state = 0x9E3779B97F4A7C15;
        }

        byte* buffer = stackalloc byte[ChunkBytes];
        for (ulong done = 0; done < count; done += ChunkBytes)
        {
            ulong step = count - done < ChunkBytes ? count - done : ChunkBytes;
            for (ulong i = 0; i < step; i++)
            {
                s_state ^= s_state << 13;
                s_state ^= s_state >> 7;
                s_state ^= s_state << 17;
                buffer[i] = (byte)(s_state >> 24);
            }

            if (UserMemory.CopyOut(process, registers->Rdi + done, buffer, step) != 0)
            {
                return done > 0 ? (long)done : -Errno.EFAULT;
            }
        }

        return (long)count;
    }
}
