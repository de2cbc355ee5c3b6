// The System V x86-64 initial process stack, built in a new program's address space: the stack region is mapped at
// the top of the user half (ProgramLayout.StackBottom to StackTop, read/write, never executable) with an unmapped
// guard page below it, and filled, from the top down, with an 8-byte zero end marker, the environment strings, the
// argument strings, 16 random bytes for AT_RANDOM (16-byte aligned), then, at a 16-byte aligned stack pointer:
//   argc; argv[0..argc-1]; NULL; envp[0..envc-1]; NULL; auxv pairs (AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ,
//   AT_ENTRY, AT_RANDOM) and AT_NULL.
// Arguments and environment come as blocks of NUL-terminated strings laid end to end (the way execve's copy-in
// gathers them); the randomness comes from the caller (the kernel's random source, a test's fixed bytes).
namespace MeghaOS.Programs;

using System;
using MeghaOS.Memory.Paging;

/// <summary>Builds the initial stack of a program.</summary>
public static unsafe class InitialStack
{
    /// <summary>auxv type: end of the vector.</summary>
    public const ulong AtNull = 0;

    /// <summary>auxv type: address of the program headers.</summary>
    public const ulong AtPhdr = 3;

    /// <summary>auxv type: bytes of one program header.</summary>
    public const ulong AtPhent = 4;

    /// <summary>auxv type: number of program headers.</summary>
    public const ulong AtPhnum = 5;

    /// <summary>auxv type: the page size.</summary>
    public const ulong AtPagesz = 6;

    /// <summary>auxv type: the program's entry point.</summary>
    public const ulong AtEntry = 9;

    /// <summary>auxv type: address of 16 random bytes.</summary>
    public const ulong AtRandom = 25;

    /// <summary>Bytes AT_RANDOM points to.</summary>
    public const int RandomBytes = 16;

    private const int AuxiliaryPairs = 7;

    /// <summary>
    /// Maps the stack region of <paramref name="space"/> and fills it for a program that <paramref name="program"/>
    /// describes; <paramref name="arguments"/> and <paramref name="environment"/> are NUL-terminated strings end to
    /// end (empty: none), <paramref name="random"/> at least 16 random bytes. On Success
    /// <paramref name="stackPointer"/> is the initial RSP (16-byte aligned, pointing at argc); otherwise nothing of
    /// the stack is left mapped.
    /// </summary>
    public static StackStatus Build(in AddressSpaceOperations vm, AddressSpace space, in LoadedProgram program,
        ReadOnlySpan<byte> arguments, ReadOnlySpan<byte> environment, ReadOnlySpan<byte> random, out ulong stackPointer)
    {
        stackPointer = 0;
        if (random.Length < RandomBytes)
        {
            return StackStatus.BadRandom;
        }

        if (!TryCount(arguments, out ulong argumentCount) || !TryCount(environment, out ulong environmentCount))
        {
            return StackStatus.BadArguments;
        }

        ulong stringBytes = (ulong)arguments.Length + (ulong)environment.Length;
        if (stringBytes + (argumentCount + environmentCount + 2) * 8 > ProgramLayout.MaxArgumentBytes)
        {
            return StackStatus.ArgumentsTooLong;
        }

        ulong argumentStrings = ProgramLayout.StackTop - 8 - stringBytes;
        ulong environmentStrings = argumentStrings + (ulong)arguments.Length;
        ulong randomAddress = (argumentStrings - RandomBytes) & ~15UL;
        ulong words = 1 + argumentCount + 1 + environmentCount + 1 + 2 * AuxiliaryPairs;
        ulong top = (randomAddress - words * 8) & ~15UL;

        VmStatus result = vm.Map(vm.Context, space, ProgramLayout.StackBottom, ProgramLayout.StackBytes, PageAccess.Read | PageAccess.Write);
        if (result != VmStatus.Success)
        {
            return result == VmStatus.OutOfMemory || result == VmStatus.LimitReached ? StackStatus.OutOfMemory : StackStatus.MapFailed;
        }

        var writer = new WordWriter(vm, space, top);
        writer.Add(argumentCount);
        AddPointers(ref writer, arguments, argumentStrings);
        writer.Add(0);
        AddPointers(ref writer, environment, environmentStrings);
        writer.Add(0);
        writer.Add(AtPhdr);
        writer.Add(program.ProgramHeaderAddress);
        writer.Add(AtPhent);
        writer.Add(program.ProgramHeaderSize);
        writer.Add(AtPhnum);
        writer.Add(program.ProgramHeaderCount);
        writer.Add(AtPagesz);
        writer.Add(ProgramLayout.PageSize);
        writer.Add(AtEntry);
        writer.Add(program.Entry);
        writer.Add(AtRandom);
        writer.Add(randomAddress);
        writer.Add(AtNull);
        writer.Add(0);
        result = writer.Flush();
        if (result == VmStatus.Success)
        {
            result = WriteBlock(vm, space, argumentStrings, arguments);
        }

        if (result == VmStatus.Success)
        {
            result = WriteBlock(vm, space, environmentStrings, environment);
        }

        if (result == VmStatus.Success)
        {
            result = WriteBlock(vm, space, randomAddress, random.Slice(0, RandomBytes));
        }

        if (result != VmStatus.Success)
        {
            vm.Unmap(vm.Context, space, ProgramLayout.StackBottom, ProgramLayout.StackBytes);
            return StackStatus.MapFailed;
        }

        stackPointer = top;
        return StackStatus.Success;
    }

    /// <summary>How many strings a block of NUL-terminated strings holds; false when a non-empty block lacks its final NUL.</summary>
    public static bool TryCount(ReadOnlySpan<byte> block, out ulong count)
    {
        count = 0;
        for (int i = 0; i < block.Length; i++)
        {
            if (block[i] == 0)
            {
                count++;
            }
        }

        return block.Length == 0 || block[block.Length - 1] == 0;
    }

    // Copies a block into the space (pinned while it is copied; an empty block is nothing to do).
    private static VmStatus WriteBlock(in AddressSpaceOperations vm, AddressSpace space, ulong address, ReadOnlySpan<byte> block)
    {
        if (block.Length == 0)
        {
            return VmStatus.Success;
        }

        fixed (byte* bytes = &block[0])
        {
            return vm.Write(vm.Context, space, address, bytes, (ulong)block.Length, false);
        }
    }

    // One pointer per string of the block, the block's copy starting at the given user address.
    private static void AddPointers(ref WordWriter writer, ReadOnlySpan<byte> block, ulong address)
    {
        bool atStart = true;
        for (int i = 0; i < block.Length; i++)
        {
            if (atStart)
            {
                writer.Add(address + (ulong)i);
            }

            atStart = block[i] == 0;
        }
    }

    // Gathers 8-byte words and writes them to the stack 32 at a time, at increasing addresses; the first failure is kept.
    private struct WordWriter
    {
        private const int Capacity = 32;
        private readonly AddressSpaceOperations _vm;
        private readonly AddressSpace _space;
        private ulong _address;
        private int _count;
        private VmStatus _status;
        private fixed ulong _words[Capacity];

        public WordWriter(in AddressSpaceOperations vm, AddressSpace space, ulong address)
        {
            _vm = vm;
            _space = space;
            _address = address;
            _count = 0;
            _status = VmStatus.Success;
        }

        public void Add(ulong word)
        {
            if (_count == Capacity)
            {
                Flush();
            }

            fixed (ulong* words = _words)
            {
                words[_count++] = word;
            }
        }

        public VmStatus Flush()
        {
            if (_count != 0 && _status == VmStatus.Success)
            {
                fixed (ulong* words = _words)
                {
                    _status = _vm.Write(_vm.Context, _space, _address, (byte*)words, (ulong)_count * 8, false);
                }
            }

            _address += (ulong)_count * 8;
            _count = 0;
            return _status;
        }
    }
}
