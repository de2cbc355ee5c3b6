// The base of every struct, and of enums.
namespace System;

/// <summary>The base class of value types.</summary>
public abstract class ValueType
{
}

/// <summary>The base class of enums.</summary>
public abstract class Enum : ValueType
{
}
