// Fixed storage for a subsystem's registered operations tables: a few slots and a count, so subsystems can register
// before the heap exists. Each XxxSubsystem keeps one and checks its own table type before adding to it.
namespace MeghaOS.Subsystems;

/// <summary>Up to <see cref="Capacity"/> operations tables of one type, in registration order.</summary>
public struct OperationsSlots<TOperations>
    where TOperations : struct
{
    /// <summary>Most tables one subsystem can register.</summary>
    public const int Capacity = 4;

    private TOperations _slot0, _slot1, _slot2, _slot3;
    private int _count;

    /// <summary>Number of tables added.</summary>
    public readonly int Count => _count;

    /// <summary>True when no further table fits.</summary>
    public readonly bool IsFull => _count == Capacity;

    /// <summary>Adds a table as number <see cref="Count"/>; false, adding nothing, when full.</summary>
    public bool Add(in TOperations operations)
    {
        switch (_count)
        {
            case 0: _slot0 = operations; break;
            case 1: _slot1 = operations; break;
            case 2: _slot2 = operations; break;
            case 3: _slot3 = operations; break;
            default: return false;
        }

        _count++;
        return true;
    }

    /// <summary>Table number <paramref name="index"/>; default for an index that was never added.</summary>
    public readonly TOperations Get(int index)
    {
        if (index < 0 || index >= _count)
        {
            return default;
        }

        switch (index)
        {
            case 0: return _slot0;
            case 1: return _slot1;
            case 2: return _slot2;
            default: return _slot3;
        }
    }

    /// <summary>Forgets every table. For tests.</summary>
    public void Clear() => this = default;
}
