// The shell's command table. Adding a command is one Add line in List plus its handler in CommandHandlers/; the count
// and the indexes follow from the list, and an index past it is a failure (TryGet returns false), never a command.
namespace MeghaOS.Shell;

using System;
using MeghaOS.Shell.CommandHandlers;
using MeghaOS.Text;

/// <summary>Every shell command, in the order help lists them.</summary>
public static unsafe class CommandTable
{
    /// <summary>Number of commands.</summary>
    public static int Count => List(-1).Added;

    /// <summary>
    /// Command number <paramref name="index"/> (0 to <see cref="Count"/> - 1). False, with an empty command (null
    /// handler), for any other index.
    /// </summary>
    public static bool TryGet(int index, out ShellCommand command)
    {
        CommandList list = List(index);
        command = list.Found;
        return list.HasFound;
    }

    /// <summary>The command called <paramref name="name"/>; false, with an empty command, when there is none.</summary>
    public static bool TryFind(ReadOnlySpan<byte> name, out ShellCommand command)
    {
        for (int i = 0; TryGet(i, out command); i++)
        {
            if (Bytes.Equal(command.Name, name))
            {
                return true;
            }
        }

        command = default;
        return false;
    }

    // The table itself: every command once, in help order. Picks out entry number `wanted` (-1: none, to count).
    private static CommandList List(int wanted)
    {
        CommandList list = new CommandList(wanted);
        list.Add("help"u8, "help                  list the commands"u8, &SystemCommands.Help);
        list.Add("ls"u8, "ls [PATH]             list a directory"u8, &FileCommands.List);
        list.Add("cd"u8, "cd [PATH]             change the current directory (default /)"u8, &FileCommands.ChangeDirectory);
        list.Add("pwd"u8, "pwd                   print the current directory"u8, &FileCommands.PrintDirectory);
        list.Add("cat"u8, "cat FILE...           print files (binary ones as hex rows)"u8, &FileCommands.Concatenate);
        list.Add("hexdump"u8, "hexdump FILE [OFF [N]] offsets, bytes and characters of a file"u8, &FileCommands.HexDump);
        list.Add("echo"u8, "echo [WORD...] [> FILE] print words, or write them to FILE"u8, &FileCommands.Echo);
        list.Add("mkdir"u8, "mkdir PATH...         make directories"u8, &FileCommands.MakeDirectory);
        list.Add("rm"u8, "rm FILE...            remove files"u8, &FileCommands.Remove);
        list.Add("rmdir"u8, "rmdir DIRECTORY...    remove empty directories"u8, &FileCommands.RemoveDirectory);
        list.Add("stat"u8, "stat PATH...          kind, size and access of files"u8, &FileCommands.Stat);
        list.Add("elf"u8, "elf FILE              check an executable as exec would, show its segments"u8, &ProgramCommands.Inspect);
        list.Add("run"u8, "run PROGRAM [ARG...]  run a user program (/bin/PROGRAM) in the foreground"u8, &ProgramCommands.Run);
        list.Add("mem"u8, "mem                   physical memory and heap figures"u8, &MemoryCommands.ShowMemory);
        list.Add("pmm"u8, "pmm alloc N [ALIGN] | alloc-at ADDR N | free ADDR N | check"u8, &MemoryCommands.PhysicalMemory);
        list.Add("memmap"u8, "memmap                physical memory as a picture until a key is pressed"u8, &MemoryCommands.MemoryPicture);
        list.Add("uptime"u8, "uptime                time since boot"u8, &SystemCommands.Uptime);
        list.Add("sleep"u8, "sleep MS              wait MS milliseconds"u8, &SystemCommands.Sleep);
        list.Add("clear"u8, "clear                 clear the screen"u8, &SystemCommands.Clear);
        list.Add("reboot"u8, "reboot                restart the machine"u8, &SystemCommands.Reboot);
        list.Add("halt"u8, "halt                  stop the machine"u8, &SystemCommands.Halt);
        list.Add("panic"u8, "panic [stack|task|exec] fault on purpose (null, stack overflow, running data)"u8, &SystemCommands.Panic);
        list.Add("bench"u8, "bench                 cycles per PMM and heap allocate+free and per table call"u8, &BenchmarkCommands.Benchmark);
        list.Add("ps"u8, "ps                    list the tasks"u8, &TaskCommands.ListTasks);
        list.Add("kill"u8, "kill ID               end a task"u8, &TaskCommands.Kill);
        list.Add("spin"u8, "spin N [WEIGHT]       start N CPU-bound test tasks"u8, &TaskCommands.Spin);
        list.Add("ring3"u8, "ring3 probe [NAME] | bench  run machine code in ring 3 (faults, system calls)"u8, &UserModeCommands.Ring3);
        list.Add("history"u8, "history               list the last commands"u8, &SystemCommands.History);
        return list;
    }

    // Walks the table once, counting entries and keeping the one asked for.
    private ref struct CommandList
    {
        private readonly int _wanted;
        private int _added;
        private ShellCommand _found;

        public CommandList(int wanted)
        {
            _wanted = wanted;
            _added = 0;
            _found = default;
        }

        public readonly int Added => _added;

        public readonly bool HasFound => _found.Handler != null;

        public readonly ShellCommand Found => _found;

        public void Add(ReadOnlySpan<byte> name, ReadOnlySpan<byte> help, delegate*<in ShellArguments, void> handler)
        {
            if (_added == _wanted)
            {
                _found = new ShellCommand(name, help, handler);
            }

            _added++;
        }
    }
}
