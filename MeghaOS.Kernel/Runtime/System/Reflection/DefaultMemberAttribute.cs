// The attribute the C# compiler puts on types with an indexer.
namespace System.Reflection;

/// <summary>Names a type's default member (its indexer).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Interface)]
public sealed class DefaultMemberAttribute : Attribute
{
    /// <summary>Names a type's default member.</summary>
    public DefaultMemberAttribute(string memberName)
    {
    }
}
