// Nullable value types. The field names are the ones ILC expects.
namespace System;

/// <summary>A value type that may be absent.</summary>
public struct Nullable<T> where T : struct
{
    private readonly bool hasValue;
    internal T value;

    /// <summary>Wraps a value.</summary>
    public Nullable(T value)
    {
        hasValue = true;
        this.value = value;
    }

    /// <summary>True when a value is present.</summary>
    public readonly bool HasValue => hasValue;

    /// <summary>The value, or default when absent (no exceptions in the kernel).</summary>
    public readonly T GetValueOrDefault() => value;
}
