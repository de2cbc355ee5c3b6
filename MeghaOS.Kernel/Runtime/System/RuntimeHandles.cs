// Handles the compiler uses for typeof, ldtoken and field initialisers.
namespace System;

/// <summary>A type handle.</summary>
public struct RuntimeTypeHandle
{
}

/// <summary>A method handle.</summary>
public struct RuntimeMethodHandle
{
}

/// <summary>A field handle.</summary>
public struct RuntimeFieldHandle
{
}

/// <summary>A type (only so that typeof compiles; the kernel has no reflection).</summary>
public abstract class Type
{
}

/// <summary>The run-time type object ILC's code refers to (only its name is needed; no reflection).</summary>
internal sealed class RuntimeType : Type
{
}

/// <summary>Something that holds a resource to release (for using statements).</summary>
public interface IDisposable
{
    /// <summary>Releases the resource.</summary>
    void Dispose();
}
