// The ELF loader as execve's loader (Syscalls/ProgramLoader.cs SetLoader): a fresh address space from the vm, the
// program's segments (ElfLoader), the System V initial stack (InitialStack) with argv and envp as execve copied them
// in and AT_RANDOM bytes from the process services' entropy. A refused program gets one console line naming why
// ("exec: dynamically linked (PT_INTERP): ..."), and on any failure the space is destroyed, so nothing is left
// allocated and the calling program goes on unchanged.
namespace MeghaOS.Programs;

using System;
using MeghaOS.Devices;
using MeghaOS.Memory.Paging;
using MeghaOS.Processes;
using MeghaOS.Syscalls;

/// <summary>Loads a static ELF executable into a new address space for execve.</summary>
public static unsafe class ElfExec
{
    private const int RandomBytes = 16;

    /// <summary>
    /// Loads <paramref name="file"/> with <paramref name="arguments"/> into a new space capped at
    /// <paramref name="frameLimit"/> frames. Returns 0 and the image, or -errno (ENOEXEC for a file that is not a
    /// static x86-64 executable, E2BIG, ENOMEM) with nothing allocated.
    /// </summary>
    public static int Load(ReadOnlySpan<byte> file, in ExecArguments arguments, ulong frameLimit, out ExecImage image)
    {
        image = default;
        ref AddressSpaceOperations vm = ref ProcessTable.Vm;
        VmStatus created = vm.Create(vm.Context, frameLimit, out AddressSpace space);
        if (created != VmStatus.Success)
        {
            return -Errno.ENOMEM;
        }

        ElfStatus status = ElfLoader.Load(vm, space, file, ProgramLayout.DefaultImageLimit, out LoadedProgram program);
        if (status != ElfStatus.Success)
        {
            vm.Destroy(vm.Context, space);
            Report(ElfStatusText.Message(status));
            return -ElfStatusText.Errno(status);
        }

        // execve packs argv's strings, then envp's, each with its NUL: split the block where envp begins.
        int offset = 0;
        for (int i = 0; i < arguments.ArgumentCount; i++)
        {
            arguments.Next(ref offset);
        }

        var strings = new ReadOnlySpan<byte>(arguments.Strings, arguments.Length);
        int split = offset < arguments.Length ? offset : arguments.Length;
        byte* random = stackalloc byte[RandomBytes];
        FillRandom(new Span<byte>(random, RandomBytes));
        StackStatus stack = InitialStack.Build(vm, space, program, strings.Slice(0, split), strings.Slice(split),
            new ReadOnlySpan<byte>(random, RandomBytes), out ulong stackPointer);
        if (stack != StackStatus.Success)
        {
            vm.Destroy(vm.Context, space);
            Report(ElfStatusText.Message(stack));
            return -ElfStatusText.Errno(stack);
        }

        image.Space = space;
        image.Entry = program.Entry;
        image.StackPointer = stackPointer;
        image.BreakStart = program.BreakStart;
        return 0;
    }

    // AT_RANDOM: musl seeds its stack protector from these bytes; a xorshift over the services' entropy.
    private static void FillRandom(Span<byte> destination)
    {
        ref ProcessServices services = ref ProcessTable.Services;
        ulong state = (services.Entropy != null ? services.Entropy() : 0) ^ 0x9E3779B97F4A7C15;
        for (int i = 0; i < destination.Length; i++)
        {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            destination[i] = (byte)(state >> 32);
        }
    }

    private static void Report(ReadOnlySpan<byte> message)
    {
        Terminal.Write("exec: "u8);
        Terminal.Write(message);
        Terminal.Write("\n"u8);
    }
}
