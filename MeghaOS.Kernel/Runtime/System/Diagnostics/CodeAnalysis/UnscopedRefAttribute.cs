// [UnscopedRef], as in the BCL: lets a struct member return a reference (or span) into the struct itself, which the
// fixed-capacity containers need (FixedList<T>.Items over a static field).
namespace System.Diagnostics.CodeAnalysis;

/// <summary>The reference a member returns may point into <c>this</c>.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class UnscopedRefAttribute : Attribute
{
}
