// The shell's program commands: run PROGRAM [ARG...] starts a user program in the foreground (the prompt comes back
// when it ends); elf FILE checks an executable with the ELF loader's validation (the rules exec
// applies, MeghaOS.Kernel/Programs/ElfImage.cs) and shows what loading it would map, or which rule it breaks.
namespace MeghaOS.Shell.CommandHandlers;

using System;
using MeghaOS.FileSystem;
using MeghaOS.Memory;
using MeghaOS.Memory.Paging;
using MeghaOS.Programs;
using MeghaOS.Syscalls;
using MeghaOS.Text;

/// <summary>Handlers of the program commands.</summary>
public static unsafe class ProgramCommands
{
    /// <summary>
    /// elf FILE: "FILE: static executable (ET_EXEC|static PIE), entry 0x...", one line per segment
    /// ("  0x...-0x... r-x  N bytes from the file"), then AT_PHDR and the initial break; or "elf: FILE: MESSAGE".
    /// </summary>
    public static void Inspect(in ShellArguments arguments)
    {
        if (arguments.Count != 2)
        {
            ShellOutput.Error("elf"u8, "usage: elf FILE"u8);
            return;
        }

        ReadOnlySpan<byte> path = arguments[1];
        VfsStatus status = Vfs.Open(path, VfsOpenMode.Read, out VfsFile file);
        VfsStat stat = default;
        if (status == VfsStatus.Success)
        {
            status = Vfs.Stat(file, out stat);
        }

        if (status == VfsStatus.Success && stat.Kind == VfsNodeKind.Directory)
        {
            status = VfsStatus.IsADirectory;
        }

        if (status != VfsStatus.Success)
        {
            ShellOutput.Error("elf"u8, path, status);
            return;
        }

        if (stat.Kind != VfsNodeKind.File)
        {
            ShellOutput.Error("elf"u8, path, "not a regular file"u8);
            return;
        }

        if (stat.Size > FileSystem.RamFs.RamFileSystem.MaxFileSize)
        {
            ShellOutput.Error("elf"u8, path, "too large to check"u8);
            return;
        }

        int size = (int)stat.Size;
        byte* bytes = size == 0 ? null : (byte*)Heap.Allocate((nuint)size);
        if (size != 0 && bytes == null)
        {
            ShellOutput.Error("elf"u8, path, "out of memory"u8);
            return;
        }

        var content = new Span<byte>(bytes, size);
        status = Vfs.Read(file, 0, content, out int read);
        if (status != VfsStatus.Success)
        {
            ShellOutput.Error("elf"u8, path, status);
        }
        else
        {
            Describe(path, content.Slice(0, read));
        }

        if (bytes != null)
        {
            Heap.Free(bytes);
        }
    }

    private static void Describe(ReadOnlySpan<byte> path, ReadOnlySpan<byte> file)
    {
        ElfStatus status = ElfImage.Validate(file, 0, out ElfImage image);
        if (status != ElfStatus.Success)
        {
            ShellOutput.Error("elf"u8, path, ElfStatusText.Message(status));
            return;
        }

        ShellOutput.WritePrintable(path);
        ShellOutput.Write(image.Program.Base == 0 ? ": static executable (ET_EXEC), entry "u8 : ": static PIE at the fixed base, entry "u8);
        ShellOutput.Hex(image.Program.Entry, 1);
        ShellOutput.NewLine();
        Span<ElfSegment> segments = image.Segments;
        for (int i = 0; i < segments.Length; i++)
        {
            ShellOutput.Write("  "u8);
            ShellOutput.Hex(segments[i].PageStart, 1);
            ShellOutput.WriteByte((byte)'-');
            ShellOutput.Hex(segments[i].PageEnd, 1);
            ShellOutput.WriteByte((byte)' ');
            ShellOutput.WriteByte((byte)'r');
            ShellOutput.WriteByte((segments[i].Access & PageAccess.Write) != 0 ? (byte)'w' : (byte)'-');
            ShellOutput.WriteByte((segments[i].Access & PageAccess.Execute) != 0 ? (byte)'x' : (byte)'-');
            ShellOutput.Write("  "u8);
            ShellOutput.Decimal(segments[i].FileBytes);
            ShellOutput.Write(" of "u8);
            ShellOutput.Decimal(segments[i].MemoryBytes);
            ShellOutput.Write(" bytes from the file\n"u8);
        }

        ShellOutput.Write("  program headers at "u8);
        ShellOutput.Hex(image.Program.ProgramHeaderAddress, 1);
        ShellOutput.Write(" ("u8);
        ShellOutput.Decimal(image.Program.ProgramHeaderCount);
        ShellOutput.Write("), break at "u8);
        ShellOutput.Hex(image.Program.BreakStart, 1);
        ShellOutput.Write(", "u8);
        ShellOutput.Decimal(image.Program.ImageBytes / ProgramLayout.PageSize);
        ShellOutput.Write(" pages\n"u8);
    }

    /// <summary>Bytes of argv and envp a run command line can give (the line itself is shorter).</summary>
    private const int MaxRunBytes = CommandShell.MaxLineLength + 64;

    /// <summary>
    /// run PROGRAM [ARG...]: PROGRAM is a path, or a name in /bin; argv is PROGRAM and the arguments, envp PATH and
    /// HOME. On failure "run: PROGRAM: errno N (NAME)" and the prompt comes back at once.
    /// </summary>
    public static void Run(in ShellArguments arguments)
    {
        MachineOperations machine = CommandShell.Machine;
        if (arguments.Count < 2)
        {
            ShellOutput.Error("run"u8, "usage: run PROGRAM [ARG...]"u8);
            return;
        }

        if (machine.StartProgram == null)
        {
            ShellOutput.Error("run"u8, "user programs are not available on this machine"u8);
            return;
        }

        byte* block = stackalloc byte[MaxRunBytes];
        var strings = new Span<byte>(block, MaxRunBytes);
        byte* pathBytes = stackalloc byte[CommandShell.MaxLineLength + 8];
        var path = new Span<byte>(pathBytes, CommandShell.MaxLineLength + 8);
        int pathLength = 0;
        if (Bytes.IndexOf(arguments[1], (byte)'/') < 0)
        {
            pathLength = Bytes.Copy("/bin/"u8, path);
        }

        pathLength += Bytes.Copy(arguments[1], path.Slice(pathLength));
        int length = 0;
        for (int i = 1; i < arguments.Count; i++)
        {
            length += Bytes.Copy(arguments[i], strings.Slice(length));
            strings[length++] = 0;
        }

        length += Bytes.Copy(ExecArguments.KernelEnvironment, strings.Slice(length));
        var exec = new ExecArguments { Strings = block, Length = length, ArgumentCount = arguments.Count - 1, EnvironmentCount = ExecArguments.KernelEnvironmentCount };
        int result = machine.StartProgram(machine.Context, path.Slice(0, pathLength), &exec);
        if (result >= 0)
        {
            CommandShell.DeferPrompt();
            return;
        }

        ShellOutput.Write("run: "u8);
        ShellOutput.WritePrintable(path.Slice(0, pathLength));
        ShellOutput.Write(": errno "u8);
        ShellOutput.Decimal((ulong)(-result));
        ShellOutput.Write(" ("u8);
        ShellOutput.Write(ErrnoName(-result));
        ShellOutput.Write(")"u8);
        ShellOutput.NewLine();
    }

    // The errors starting a program gives.
    private static ReadOnlySpan<byte> ErrnoName(int errno) => errno switch
    {
        Errno.ENOENT => "ENOENT: no such file"u8,
        Errno.EACCES => "EACCES: not executable"u8,
        Errno.ENOEXEC => "ENOEXEC: not a static x86-64 executable"u8,
        Errno.ENOMEM => "ENOMEM: out of memory"u8,
        Errno.E2BIG => "E2BIG: arguments too long"u8,
        Errno.EAGAIN => "EAGAIN: too many processes"u8,
        Errno.EISDIR => "EISDIR: a directory"u8,
        Errno.EBUSY => "EBUSY: a program the kernel started still runs"u8,
        _ => "see docs/syscalls.md"u8,
    };
}
