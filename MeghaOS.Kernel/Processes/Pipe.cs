// A pipe: a ring of bytes in its own heap block, with counts of the open read and write ends and a wait queue for
// each side. Reading an empty pipe waits while a writer is open and reads 0 (end of file) once none is; writing a
// full pipe waits while a reader is open; writing with no reader fails with EPIPE. Writes of up to Capacity bytes
// are not interleaved with other writers' (POSIX PIPE_BUF atomicity).
namespace MeghaOS.Processes;

using MeghaOS.Scheduling;

/// <summary>One pipe of the OpenFileTable.</summary>
public unsafe struct Pipe
{
    /// <summary>Bytes a pipe holds.</summary>
    public const int Capacity = 4096;

    /// <summary>The ring (Capacity bytes from the heap), null for a free slot.</summary>
    public byte* Buffer;

    /// <summary>Index of the oldest byte.</summary>
    public int Head;

    /// <summary>Bytes held.</summary>
    public int Count;

    /// <summary>Open read ends (open files, each counted once however many descriptors share it).</summary>
    public int Readers;

    /// <summary>Open write ends.</summary>
    public int Writers;

    /// <summary>Readers waiting for bytes or end of file.</summary>
    public WaitQueue ReadWaiters;

    /// <summary>Writers waiting for room or for the readers to go.</summary>
    public WaitQueue WriteWaiters;

    /// <summary>Takes up to <paramref name="count"/> bytes into <paramref name="destination"/>; returns how many.</summary>
    public int Take(byte* destination, int count)
    {
        int taken = count < Count ? count : Count;
        for (int i = 0; i < taken; i++)
        {
            destination[i] = Buffer[(Head + i) % Capacity];
        }

        Head = (Head + taken) % Capacity;
        Count -= taken;
        return taken;
    }

    /// <summary>Puts up to <paramref name="count"/> bytes from <paramref name="source"/>; returns how many fitted.</summary>
    public int Put(byte* source, int count)
    {
        int room = Capacity - Count;
        int put = count < room ? count : room;
        for (int i = 0; i < put; i++)
        {
            Buffer[(Head + Count + i) % Capacity] = source[i];
        }

        Count += put;
        return put;
    }
}
