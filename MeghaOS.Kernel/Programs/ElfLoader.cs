// Loading a validated ELF executable into an address space through the vm operations table: each PT_LOAD segment's
// pages are mapped with its permissions (Read always, Write where PF_W, Execute where PF_X), its file bytes copied in
// with Write(asUser: false) (a read-only code segment is still filled by the kernel), and the rest of it is zero
// because Map hands out zero-filled pages (bss). Every error is decided by ElfImage.Validate before the first Map;
// when the address space itself fails (out of memory, frame limit), the segments mapped so far are unmapped again,
// which frees their frames, so the space holds no user page of this program. Page-table frames the space created on
// the way stay with it until the caller destroys the space (execve destroys a new space on any failure), so who frees
// what is: the loader frees the user pages it mapped, the space's owner frees the space.
namespace MeghaOS.Programs;

using System;
using MeghaOS.Memory.Paging;

/// <summary>Maps a static ELF64 executable into an address space.</summary>
public static unsafe class ElfLoader
{
    /// <summary>
    /// Validates <paramref name="file"/> (see <see cref="ElfImage.Validate"/>; <paramref name="imageLimit"/> 0 means
    /// the default) and maps it into <paramref name="space"/>, whose user half must be empty where the segments go.
    /// On anything but Success nothing of the program is left mapped.
    /// </summary>
    public static ElfStatus Load(in AddressSpaceOperations vm, AddressSpace space, ReadOnlySpan<byte> file, ulong imageLimit, out LoadedProgram program)
    {
        program = default;
        ElfStatus status = ElfImage.Validate(file, imageLimit, out ElfImage image);
        if (status != ElfStatus.Success)
        {
            return status;
        }

        fixed (byte* bytes = &file[0])
        {
            status = MapSegments(vm, space, bytes, image.Segments);
        }

        if (status != ElfStatus.Success)
        {
            return status;
        }

        program = image.Program;
        return ElfStatus.Success;
    }

    // Maps and fills each segment; on a failure unmaps those done so far (their frames go back).
    private static ElfStatus MapSegments(in AddressSpaceOperations vm, AddressSpace space, byte* bytes, Span<ElfSegment> segments)
    {
        for (int i = 0; i < segments.Length; i++)
        {
            ElfSegment segment = segments[i];
            VmStatus result = vm.Map(vm.Context, space, segment.PageStart, segment.PageEnd - segment.PageStart, segment.Access);
            if (result == VmStatus.Success && segment.FileBytes != 0)
            {
                result = vm.Write(vm.Context, space, segment.Address, bytes + segment.FileOffset, segment.FileBytes, false);
                if (result != VmStatus.Success)
                {
                    vm.Unmap(vm.Context, space, segment.PageStart, segment.PageEnd - segment.PageStart);
                }
            }

            if (result != VmStatus.Success)
            {
                for (int j = 0; j < i; j++)
                {
                    vm.Unmap(vm.Context, space, segments[j].PageStart, segments[j].PageEnd - segments[j].PageStart);
                }

                return result == VmStatus.OutOfMemory || result == VmStatus.LimitReached ? ElfStatus.OutOfMemory : ElfStatus.MapFailed;
            }
        }

        return ElfStatus.Success;
    }
}
