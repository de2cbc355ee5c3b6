// The root of every class. Its only field is the MethodTable pointer that ILC's object layout puts first.
namespace System;

/// <summary>The base class of every reference type.</summary>
public unsafe class Object
{
#pragma warning disable CS0649 // written by the allocator, never by C# code
    /// <summary>The object's type; the first field of every object, as ILC lays objects out.</summary>
    internal Internal.Runtime.MethodTable* m_pMethodTable;
#pragma warning restore CS0649

    /// <summary>Creates an object (the allocator has already set the type).</summary>
    public Object()
    {
    }

    /// <summary>Reference equality; types may override.</summary>
    public virtual bool Equals(object? obj) => this == obj;

    /// <summary>A hash of the object's address; types may override.</summary>
    public virtual int GetHashCode() => 0;

    /// <summary>No finalizer runs: the kernel has no garbage collector (see docs/kernel.md).</summary>
    ~Object()
    {
    }
}
