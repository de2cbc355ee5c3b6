// The shell's command history: the last few lines, kept in one kernel heap block as a ring, browsed with the up and
// down arrows.
namespace MeghaOS.Shell;

using MeghaOS.Memory;

/// <summary>A ring of the most recent command lines.</summary>
public unsafe struct CommandHistory
{
    /// <summary>How many lines are kept.</summary>
    public const int Capacity = 16;

    private byte* _lines;      // Capacity slots of _slotSize bytes: a length byte pair, then the line.
    private int _slotSize;
    private int _count;        // lines stored, at most Capacity
    private int _newest;       // slot of the newest line

    /// <summary>Takes memory for lines up to <paramref name="maxLineLength"/> bytes; false when the heap has none.</summary>
    public bool Initialize(int maxLineLength)
    {
        _slotSize = maxLineLength + 2;
        _lines = (byte*)Heap.Allocate((nuint)(_slotSize * Capacity));
        _count = 0;
        _newest = -1;
        return _lines != null;
    }

    /// <summary>Gives the memory back.</summary>
    public void Release()
    {
        if (_lines != null)
        {
            Heap.Free(_lines);
        }

        _lines = null;
        _count = 0;
    }

    /// <summary>Lines stored.</summary>
    public readonly int Count => _count;

    /// <summary>Adds a line, dropping the oldest when full. Empty lines and repeats of the newest are not added.</summary>
    public void Add(byte* line, int length)
    {
        if (_lines == null || length == 0 || length > _slotSize - 2)
        {
            return;
        }

        if (_count > 0 && Same(_newest, line, length))
        {
            return;
        }

        _newest = (_newest + 1) % Capacity;
        byte* slot = _lines + _newest * _slotSize;
        slot[0] = (byte)(length & 0xFF);
        slot[1] = (byte)(length >> 8);
        for (int i = 0; i < length; i++)
        {
            slot[2 + i] = line[i];
        }

        if (_count < Capacity)
        {
            _count++;
        }
    }

    /// <summary>
    /// The line <paramref name="age"/> steps back (0 = newest): its bytes and length. False when there is no such line.
    /// </summary>
    public readonly bool TryGet(int age, out byte* line, out int length)
    {
        line = null;
        length = 0;
        if (_lines == null || age < 0 || age >= _count)
        {
            return false;
        }

        int slotIndex = (_newest - age + Capacity) % Capacity;
        byte* slot = _lines + slotIndex * _slotSize;
        length = slot[0] | (slot[1] << 8);
        line = slot + 2;
        return true;
    }

    private readonly bool Same(int slotIndex, byte* line, int length)
    {
        byte* slot = _lines + slotIndex * _slotSize;
        if ((slot[0] | (slot[1] << 8)) != length)
        {
            return false;
        }

        for (int i = 0; i < length; i++)
        {
            if (slot[2 + i] != line[i])
            {
                return false;
            }
        }

        return true;
    }
}
