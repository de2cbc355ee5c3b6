// What a user page allows. A page that is mapped can always be read; writing and executing are granted separately
// (x86-64 cannot map a present page that is unreadable).
namespace MeghaOS.Memory.Paging;

/// <summary>Permissions of a user mapping, as flags.</summary>
public enum PageAccess : byte
{
    /// <summary>Not mapped (only as an answer to a query).</summary>
    None = 0,

    /// <summary>Readable by the program.</summary>
    Read = 1,

    /// <summary>Writable by the program.</summary>
    Write = 2,

    /// <summary>Executable by the program.</summary>
    Execute = 4,
}
