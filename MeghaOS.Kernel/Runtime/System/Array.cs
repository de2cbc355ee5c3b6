// Arrays: a length, then the elements. Array<T> is the generic base ILC expects for single-dimension arrays.
namespace System;

/// <summary>The base class of arrays.</summary>
public abstract class Array
{
#pragma warning disable CS0649 // written by the allocator (RhpNewArray)
    private int _numComponents;
#pragma warning restore CS0649

    /// <summary>Number of elements.</summary>
    public int Length => _numComponents;
}

/// <summary>The compiler's view of T[].</summary>
public class Array<T> : Array
{
}
