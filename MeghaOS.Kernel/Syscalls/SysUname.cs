// uname(buffer): struct utsname, six fields of 65 bytes: sysname "MeghaOS", nodename "meghaos", release, version,
// machine "x86_64", domainname "(none)".
namespace MeghaOS.Syscalls;

using System;
using MeghaOS.Processes;

/// <summary>System call 63.</summary>
public static unsafe class SysUname
{
    /// <summary>Bytes of one field.</summary>
    public const int FieldBytes = 65;

    /// <summary>Handler.</summary>
    public static long Handle(UserRegisters* registers)
    {
        byte* buffer = stackalloc byte[FieldBytes * 6];
        for (int i = 0; i < FieldBytes * 6; i++)
        {
            buffer[i] = 0;
        }

        Put(buffer, 0, "MeghaOS"u8);
        Put(buffer, 1, "meghaos"u8);
        Put(buffer, 2, "0.1.0"u8);
        Put(buffer, 3, "#1 MeghaOS teaching kernel"u8);
        Put(buffer, 4, "x86_64"u8);
        Put(buffer, 5, "(none)"u8);
        return UserMemory.CopyOut(ProcessTable.Current, registers->Rdi, buffer, FieldBytes * 6);
    }

    private static void Put(byte* buffer, int field, ReadOnlySpan<byte> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            buffer[field * FieldBytes + i] = text[i];
        }
    }
}
