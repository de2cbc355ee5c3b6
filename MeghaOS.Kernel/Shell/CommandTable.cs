// The shell's command table. Adding a command is one line here plus its handler in CommandHandlers/.
namespace MeghaOS.Shell;

using System;
using MeghaOS.Shell.CommandHandlers;
using MeghaOS.Text;

/// <summary>Every shell command, in the order help lists them.</summary>
public static unsafe class CommandTable
{
    /// <summary>Number of commands.</summary>
    public const int Count = 19;

    /// <summary>Command number <paramref name="index"/> (0 to <see cref="Count"/> - 1).</summary>
    public static ShellCommand Get(int index)
    {
        switch (index)
        {
            case 0: return new ShellCommand("help"u8, "help                  list the commands"u8, &SystemCommands.Help);
            case 1: return new ShellCommand("ls"u8, "ls [PATH]             list a directory"u8, &FileCommands.List);
            case 2: return new ShellCommand("cd"u8, "cd [PATH]             change the current directory (default /)"u8, &FileCommands.ChangeDirectory);
            case 3: return new ShellCommand("pwd"u8, "pwd                   print the current directory"u8, &FileCommands.PrintDirectory);
            case 4: return new ShellCommand("cat"u8, "cat FILE...           print files (binary ones as hex rows)"u8, &FileCommands.Concatenate);
            case 5: return new ShellCommand("hexdump"u8, "hexdump FILE          offsets, bytes and characters of a file"u8, &FileCommands.HexDump);
            case 6: return new ShellCommand("echo"u8, "echo [WORD...] [> FILE] print words, or write them to FILE"u8, &FileCommands.Echo);
            case 7: return new ShellCommand("mkdir"u8, "mkdir PATH...         make directories"u8, &FileCommands.MakeDirectory);
            case 8: return new ShellCommand("stat"u8, "stat PATH...          kind, size and access of files"u8, &FileCommands.Stat);
            case 9: return new ShellCommand("mem"u8, "mem                   physical memory and heap figures"u8, &MemoryCommands.ShowMemory);
            case 10: return new ShellCommand("pmm"u8, "pmm alloc N [ALIGN] | alloc-at ADDR N | free ADDR N | check"u8, &MemoryCommands.PhysicalMemory);
            case 11: return new ShellCommand("uptime"u8, "uptime                time since boot"u8, &SystemCommands.Uptime);
            case 12: return new ShellCommand("sleep"u8, "sleep MS              wait MS milliseconds"u8, &SystemCommands.Sleep);
            case 13: return new ShellCommand("clear"u8, "clear                 clear the screen"u8, &SystemCommands.Clear);
            case 14: return new ShellCommand("reboot"u8, "reboot                restart the machine"u8, &SystemCommands.Reboot);
            case 15: return new ShellCommand("halt"u8, "halt                  stop the machine"u8, &SystemCommands.Halt);
            case 16: return new ShellCommand("panic"u8, "panic [stack]         fault on purpose (null dereference, or stack overflow)"u8, &SystemCommands.Panic);
            case 17: return new ShellCommand("bench"u8, "bench                 cycles per PMM and heap allocate+free and per table call"u8, &BenchmarkCommands.Benchmark);
            default: return new ShellCommand("history"u8, "history               list the last commands"u8, &SystemCommands.History);
        }
    }

    /// <summary>The index of the command called <paramref name="name"/>, or -1.</summary>
    public static int Find(ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < Count; i++)
        {
            if (Bytes.Equal(Get(i).Name, name))
            {
                return i;
            }
        }

        return -1;
    }
}
