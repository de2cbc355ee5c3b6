// Path normalisation: turns any path the user types (relative or absolute, with ".", "..", repeated slashes) into
// one canonical absolute path, so the VFS walks only plain names from the root. ".." above the root stays at the root.
namespace MeghaOS.FileSystem;

using System;

/// <summary>Canonical absolute paths: "/" or "/name/name", no "." or "..", no repeated or trailing slash.</summary>
public static class VfsPath
{
    /// <summary>Longest canonical path, in bytes. Buffers for <see cref="Normalize"/> must be at least this long.</summary>
    public const int MaxPathLength = 256;

    /// <summary>Longest name of one file or directory, in bytes.</summary>
    public const int MaxNameLength = 64;

    /// <summary>
    /// Resolves <paramref name="path"/> against <paramref name="currentDirectory"/> (itself canonical) into
    /// <paramref name="output"/>. Fails with InvalidArgument for an empty path or a NUL byte, NameTooLong or PathTooLong.
    /// </summary>
    public static VfsStatus Normalize(ReadOnlySpan<byte> currentDirectory, ReadOnlySpan<byte> path, Span<byte> output, out int length)
    {
        length = 0;
        if (path.Length == 0)
        {
            return VfsStatus.InvalidArgument;
        }

        if (output.Length < 1)
        {
            return VfsStatus.PathTooLong;
        }

        output[0] = (byte)'/';
        length = 1;
        VfsStatus status;
        if (path[0] != (byte)'/')
        {
            status = Append(currentDirectory, output, ref length);
            if (status != VfsStatus.Success)
            {
                length = 0;
                return status;
            }
        }

        status = Append(path, output, ref length);
        if (status != VfsStatus.Success)
        {
            length = 0;
        }

        return status;
    }

    /// <summary>
    /// Splits a canonical path other than "/" into its parent ("/" for top-level names) and last name.
    /// Returns false for "/".
    /// </summary>
    public static bool SplitLast(ReadOnlySpan<byte> canonical, out ReadOnlySpan<byte> parent, out ReadOnlySpan<byte> name)
    {
        int slash = canonical.Length - 1;
        while (slash >= 0 && canonical[slash] != (byte)'/')
        {
            slash--;
        }

        if (slash < 0 || canonical.Length <= 1)
        {
            parent = default;
            name = default;
            return false;
        }

        parent = canonical.Slice(0, slash == 0 ? 1 : slash);
        name = canonical.Slice(slash + 1);
        return true;
    }

    /// <summary>
    /// True when the canonical path <paramref name="path"/> is <paramref name="directory"/> or lies below it ("/a/b"
    /// is within "/a" and "/", not within "/ab").
    /// </summary>
    public static bool IsWithin(ReadOnlySpan<byte> path, ReadOnlySpan<byte> directory)
    {
        if (path.Length < directory.Length)
        {
            return false;
        }

        for (int i = 0; i < directory.Length; i++)
        {
            if (path[i] != directory[i])
            {
                return false;
            }
        }

        return path.Length == directory.Length || directory.Length == 1 || path[directory.Length] == (byte)'/';
    }

    /// <summary>
    /// The component starting at <paramref name="position"/> of a canonical path, advancing past it; false at the end.
    /// </summary>
    public static bool NextComponent(ReadOnlySpan<byte> canonical, ref int position, out ReadOnlySpan<byte> name)
    {
        while (position < canonical.Length && canonical[position] == (byte)'/')
        {
            position++;
        }

        int start = position;
        while (position < canonical.Length && canonical[position] != (byte)'/')
        {
            position++;
        }

        name = canonical.Slice(start, position - start);
        return name.Length > 0;
    }

    // Adds the components of `path` to the canonical path in output[0..length).
    private static VfsStatus Append(ReadOnlySpan<byte> path, Span<byte> output, ref int length)
    {
        int position = 0;
        while (position < path.Length)
        {
            while (position < path.Length && path[position] == (byte)'/')
            {
                position++;
            }

            int start = position;
            while (position < path.Length && path[position] != (byte)'/')
            {
                if (path[position] == 0)
                {
                    return VfsStatus.InvalidArgument;
                }

                position++;
            }

            int nameLength = position - start;
            if (nameLength == 0 || (nameLength == 1 && path[start] == (byte)'.'))
            {
                continue;
            }

            if (nameLength == 2 && path[start] == (byte)'.' && path[start + 1] == (byte)'.')
            {
                // Drop the last component; at the root there is none and ".." stays at the root.
                while (length > 1 && output[length - 1] != (byte)'/')
                {
                    length--;
                }

                if (length > 1)
                {
                    length--;
                }

                continue;
            }

            if (nameLength > MaxNameLength)
            {
                return VfsStatus.NameTooLong;
            }

            int needed = (length > 1 ? 1 : 0) + nameLength;
            if (length + needed > MaxPathLength || length + needed > output.Length)
            {
                return VfsStatus.PathTooLong;
            }

            if (length > 1)
            {
                output[length++] = (byte)'/';
            }

            for (int i = 0; i < nameLength; i++)
            {
                output[length++] = path[start + i];
            }
        }

        return VfsStatus.Success;
    }
}
