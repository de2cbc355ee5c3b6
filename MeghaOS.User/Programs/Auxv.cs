// auxv: prints the auxiliary vector the kernel put on the initial stack after envp, one "AT_NAME value" a line in
// the kernel's order up to AT_NULL: addresses in 0x hex, counts and sizes in decimal, unknown keys as "AT_<number>".
// It is how to check an ELF loader's work (issue 10 asks for AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ, AT_ENTRY,
// AT_RANDOM and AT_NULL); on Linux it shows Linux's vector.
using System;
using MeghaOS.Text;
using MeghaOS.User;

internal static unsafe class Auxv
{
    private static int Main(string[] args)
    {
        if (args.Length > 0)
        {
            Output.Error("auxv", "usage: auxv (it takes no arguments)");
            return 2;
        }

        byte* buffer = stackalloc byte[64];
        for (ulong* pair = Process.AuxiliaryVector; ; pair += 2)
        {
            TextBuilder line = new TextBuilder(new Span<byte>(buffer, 64));
            ulong key = pair[0];
            ulong value = pair[1];
            bool address = Describe(key, ref line);
            line.AppendByte((byte)' ');
            if (address)
            {
                line.Append("0x"u8);
                line.AppendHex(value, 1);
            }
            else
            {
                line.AppendDecimal(value);
            }

            line.AppendByte((byte)'\n');
            Output.Print(line.Text);
            if (key == Process.AuxNull)
            {
                return 0;
            }
        }
    }

    // Appends the key's name; true when its value is an address.
    private static bool Describe(ulong key, ref TextBuilder line)
    {
        switch (key)
        {
            case 0: line.Append("AT_NULL"u8); return false;
            case 3: line.Append("AT_PHDR"u8); return true;
            case 4: line.Append("AT_PHENT"u8); return false;
            case 5: line.Append("AT_PHNUM"u8); return false;
            case 6: line.Append("AT_PAGESZ"u8); return false;
            case 7: line.Append("AT_BASE"u8); return true;
            case 8: line.Append("AT_FLAGS"u8); return false;
            case 9: line.Append("AT_ENTRY"u8); return true;
            case 11: line.Append("AT_UID"u8); return false;
            case 12: line.Append("AT_EUID"u8); return false;
            case 13: line.Append("AT_GID"u8); return false;
            case 14: line.Append("AT_EGID"u8); return false;
            case 15: line.Append("AT_PLATFORM"u8); return true;
            case 16: line.Append("AT_HWCAP"u8); return true;
            case 17: line.Append("AT_CLKTCK"u8); return false;
            case 23: line.Append("AT_SECURE"u8); return false;
            case 25: line.Append("AT_RANDOM"u8); return true;
            case 26: line.Append("AT_HWCAP2"u8); return true;
            case 27: line.Append("AT_RSEQ_FEATURE_SIZE"u8); return false;
            case 28: line.Append("AT_RSEQ_ALIGN"u8); return false;
            case 31: line.Append("AT_EXECFN"u8); return true;
            case 33: line.Append("AT_SYSINFO_EHDR"u8); return true;
            case 51: line.Append("AT_MINSIGSTKSZ"u8); return false;
            default:
                line.Append("AT_"u8);
                line.AppendDecimal(key);
                return false;
        }
    }
}
