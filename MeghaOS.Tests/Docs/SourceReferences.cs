// Finds the repository files that documents and source comments name, and checks that each one exists, so a rename
// or a removal cannot leave a document or a comment pointing at nothing. Used by SourceReferenceTests.cs.
//
// The rule:
// - What is read: every Markdown file (all of its text) and the comments of every .cs, .asm, .ld, .targets, .props,
//   .csproj and .sh file (// and /* */ outside string and character literals; ; outside quotes; <!-- -->; # at the
//   start of a word outside quotes), in the whole tree except bin/, obj/, .git and the other build output folders.
// - What names a file: a word of path characters (letters, digits, _ . - / \) that ends in .cs, .asm, .ld, .md, .sh,
//   .targets, .props, .csproj, .sln, .cfg or .json, with a non-empty name before the extension. Sentence dots after
//   it are not part of it. URLs, lower-case markup tags (<c>, <see .../>) and absolute paths (/..., ~...) are not
//   names. A name may hold wildcards: *, an ellipsis (… or ...) or a capitalised placeholder (<Name>), each standing
//   for any part of one path segment.
// - When it exists: a bare file name (no /) if some file of the tree has that name; a path if it is a file relative
//   to the repository root, or relative to the folder of the file that names it, or the end (whole segments) of the
//   path of some file of the tree. A name with wildcards must match at least one file in one of these ways.
namespace MeghaOS.Tests.Docs;

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

/// <summary>A file name found in a document or a comment: where it is and how it is spelled.</summary>
public readonly record struct SourceReference(string File, int Line, string Name)
{
    /// <inheritdoc/>
    public override string ToString() => File + ":" + Line + ": " + Name;
}

/// <summary>The files of the repository, and the rule that finds and resolves the names in them.</summary>
public sealed class SourceReferences
{
    /// <summary>Extensions that make a word a file name.</summary>
    public static readonly string[] NamedExtensions =
        { "cs", "asm", "ld", "md", "sh", "targets", "props", "csproj", "sln", "cfg", "json" };

    /// <summary>Folders never read nor resolved against (build output and tool state).</summary>
    public static readonly string[] IgnoredFolders =
        { "bin", "obj", ".git", ".vs", "out", "TestResults", "BenchmarkDotNet.Artifacts" };

    // A run of path characters; a capitalised <Placeholder> counts as one, any other < or > ends the run.
    private static readonly Regex s_word = new(@"(?:<[A-Z][A-Za-z0-9_]*>|[A-Za-z0-9_.\-/\\*…])+", RegexOptions.CultureInvariant);
    private static readonly Regex s_url = new(@"[A-Za-z][A-Za-z0-9+.\-]*://\S*", RegexOptions.CultureInvariant);
    private static readonly Regex s_markupTag = new(@"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", RegexOptions.CultureInvariant);
    private static readonly Regex s_wildcard = new(@"<[A-Z][A-Za-z0-9_]*>|\*+|…|\.{3,}", RegexOptions.CultureInvariant);

    private readonly HashSet<string> _paths;
    private readonly HashSet<string> _names;

    private SourceReferences(string root, List<string> files)
    {
        Root = root;
        Files = files;
        _paths = new HashSet<string>(files, StringComparer.Ordinal);
        _names = new HashSet<string>(files.Select(FileName), StringComparer.Ordinal);
    }

    /// <summary>The repository root (the folder holding MeghaOS.sln).</summary>
    public string Root { get; }

    /// <summary>Every file of the tree, relative to the root, with / separators.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>Reads the file list of the repository that holds the test assembly.</summary>
    public static SourceReferences Load() => Load(FindRoot());

    /// <summary>Reads the file list of the tree at <paramref name="root"/>.</summary>
    public static SourceReferences Load(string root)
    {
        var files = new List<string>();
        AddFiles(root, "", files);
        files.Sort(StringComparer.Ordinal);
        return new SourceReferences(root, files);
    }

    /// <summary>Walks up from the test assembly's folder to the folder containing MeghaOS.sln.</summary>
    public static string FindRoot()
    {
        string? folder = Path.GetDirectoryName(typeof(SourceReferences).Assembly.Location);
        while (folder != null && !File.Exists(Path.Combine(folder, "MeghaOS.sln")))
        {
            folder = Path.GetDirectoryName(folder);
        }

        return folder ?? throw new InvalidOperationException("no folder above the test assembly contains MeghaOS.sln");
    }

    /// <summary>Every file name found in the tree's documents and source comments, in file and line order.</summary>
    public IEnumerable<SourceReference> FindAll()
    {
        foreach (string file in Files)
        {
            string? readable = ReadableText(file, File.ReadAllText(Path.Combine(Root, file)));
            if (readable == null)
            {
                continue;
            }

            foreach (SourceReference reference in FindNames(file, readable))
            {
                yield return reference;
            }
        }
    }

    /// <summary>Every name found that does not resolve to a file of the tree.</summary>
    public IEnumerable<SourceReference> FindMissing() => FindAll().Where(reference => !Resolves(reference.File, reference.Name));

    /// <summary>
    /// The part of a file that is read for names, with everything else blanked (line breaks kept, so lines count the
    /// same): all of a Markdown file, the comments of a source file; null for other files.
    /// </summary>
    public static string? ReadableText(string path, string text)
    {
        switch (Path.GetExtension(path))
        {
            case ".md": return text;
            case ".cs": return CSharpComments(text);
            case ".asm": return LineComments(text, ';', "'\"`");
            case ".ld": return BlockComments(text);
            case ".targets":
            case ".props":
            case ".csproj": return XmlComments(text);
            case ".sh": return ShellComments(text);
            default: return null;
        }
    }

    /// <summary>The names in <paramref name="readable"/> (see the rule above), with their line numbers.</summary>
    public static IEnumerable<SourceReference> FindNames(string file, string readable)
    {
        string[] lines = readable.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = s_url.Replace(lines[i], match => new string(' ', match.Length));
            line = s_markupTag.Replace(line, match => new string(' ', match.Length));
            foreach (Match word in s_word.Matches(line))
            {
                string? name = AsFileName(word.Value);
                if (name != null)
                {
                    yield return new SourceReference(file, i + 1, name);
                }
            }
        }
    }

    /// <summary>Whether <paramref name="name"/>, found in <paramref name="referrer"/>, names a file of the tree.</summary>
    public bool Resolves(string referrer, string name)
    {
        name = name.Replace('\\', '/');
        while (name.StartsWith("./", StringComparison.Ordinal))
        {
            name = name.Substring(2);
        }

        string folder = referrer.Contains('/') ? referrer.Substring(0, referrer.LastIndexOf('/')) : "";
        string? nextToReferrer = Normalize(folder.Length == 0 ? name : folder + "/" + name);
        bool bare = !name.Contains('/');
        bool outward = name.StartsWith("../", StringComparison.Ordinal);

        if (!s_wildcard.IsMatch(name))
        {
            if (bare)
            {
                return _names.Contains(name);
            }

            return _paths.Contains(Normalize(name) ?? "")
                || (nextToReferrer != null && _paths.Contains(nextToReferrer))
                || (!outward && Files.Any(file => file.EndsWith("/" + name, StringComparison.Ordinal)));
        }

        if (bare)
        {
            Regex fileName = Pattern(name, "^", "$");
            return _names.Any(fileName.IsMatch);
        }

        Regex rooted = Pattern(Normalize(name) ?? "", "^", "$");
        Regex suffix = Pattern(name, "(?:^|/)", "$");
        Regex? local = nextToReferrer == null ? null : Pattern(nextToReferrer, "^", "$");
        return Files.Any(file => rooted.IsMatch(file) || (!outward && suffix.IsMatch(file)) || (local != null && local.IsMatch(file)));
    }

    // The word as a file name, or null: trailing sentence dots and dashes go, the extension must be one of ours, the
    // name before it must not be empty, absolute paths are not ours.
    private static string? AsFileName(string word)
    {
        word = word.TrimEnd('.', '-').TrimStart('-');
        int dot = word.LastIndexOf('.');
        if (dot <= 0 || !NamedExtensions.Contains(word.Substring(dot + 1), StringComparer.Ordinal))
        {
            return null;
        }

        char previous = word[dot - 1];
        if (previous == '/' || previous == '\\' || previous == '.')
        {
            return null; // ".cs", "src/.cs", "...cs": an extension, not a file
        }

        if (word[0] == '/' || word[0] == '\\' || word[0] == '~')
        {
            return null;
        }

        return word;
    }

    // Resolves "." and ".." segments; null when the path leaves the root.
    private static string? Normalize(string path)
    {
        var segments = new List<string>();
        foreach (string segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return string.Join('/', segments);
    }

    // A name with wildcards as a regular expression: each wildcard is any part of one segment.
    private static Regex Pattern(string name, string prefix, string suffix)
    {
        var pattern = new StringBuilder(prefix);
        int at = 0;
        foreach (Match wildcard in s_wildcard.Matches(name))
        {
            pattern.Append(Regex.Escape(name.Substring(at, wildcard.Index - at))).Append("[^/]*");
            at = wildcard.Index + wildcard.Length;
        }

        pattern.Append(Regex.Escape(name.Substring(at))).Append(suffix);
        return new Regex(pattern.ToString(), RegexOptions.CultureInvariant);
    }

    private static string FileName(string path) => path.Substring(path.LastIndexOf('/') + 1);

    private static void AddFiles(string root, string relative, List<string> files)
    {
        string folder = relative.Length == 0 ? root : Path.Combine(root, relative);
        foreach (string file in Directory.EnumerateFiles(folder))
        {
            string name = Path.GetFileName(file);
            files.Add(relative.Length == 0 ? name : relative + "/" + name);
        }

        foreach (string child in Directory.EnumerateDirectories(folder))
        {
            string name = Path.GetFileName(child);
            if (!IgnoredFolders.Contains(name, StringComparer.Ordinal))
            {
                AddFiles(root, relative.Length == 0 ? name : relative + "/" + name, files);
            }
        }
    }

    // Comment text is kept, everything else becomes a blank; line breaks always stay.
    private static string Blank(string text, bool[] keep)
    {
        var result = new StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            result.Append(keep[i] || text[i] == '\n' ? text[i] : ' ');
        }

        return result.ToString();
    }

    private static string CSharpComments(string text)
    {
        var keep = new bool[text.Length];
        ScanCSharp(text, 0, keep, stopAtBrace: false);
        return Blank(text, keep);
    }

    // C# code from i: marks comments; skips string, raw string, verbatim, interpolated and character literals. With
    // stopAtBrace (inside an interpolation hole) returns just after the '}' that closes the hole.
    private static int ScanCSharp(string s, int i, bool[] keep, bool stopAtBrace)
    {
        int depth = 0;
        while (i < s.Length)
        {
            char c = s[i];
            char next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                int end = s.IndexOf('\n', i);
                end = end < 0 ? s.Length : end;
                Array.Fill(keep, true, i + 2, end - i - 2);
                i = end;
            }
            else if (c == '/' && next == '*')
            {
                int end = s.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? s.Length : end;
                Array.Fill(keep, true, i + 2, end - i - 2);
                i = Math.Min(s.Length, end + 2);
            }
            else if (c == '"' || ((c == '$' || c == '@') && (next == '"' || next == '$' || next == '@')))
            {
                i = SkipCSharpString(s, i, keep);
            }
            else if (c == '\'')
            {
                i++;
                while (i < s.Length && s[i] != '\'' && s[i] != '\n')
                {
                    i += s[i] == '\\' ? 2 : 1;
                }

                i++;
            }
            else if (c == '{')
            {
                depth++;
                i++;
            }
            else if (c == '}')
            {
                i++;
                if (depth == 0 && stopAtBrace)
                {
                    return i;
                }

                depth--;
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    // A string literal starting at i (prefixes $ and @ included); returns the index after it.
    private static int SkipCSharpString(string s, int i, bool[] keep)
    {
        bool interpolated = false, verbatim = false;
        while (i < s.Length && (s[i] == '$' || s[i] == '@'))
        {
            interpolated |= s[i] == '$';
            verbatim |= s[i] == '@';
            i++;
        }

        int quotes = 0;
        while (i + quotes < s.Length && s[i + quotes] == '"')
        {
            quotes++;
        }

        if (quotes >= 3)
        {
            // Raw string literal: ends at the same number of quotes.
            int end = s.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
            return end < 0 ? s.Length : end + quotes;
        }

        if (quotes == 2 && !verbatim)
        {
            return i + 2; // ""
        }

        i++;
        while (i < s.Length)
        {
            char c = s[i];
            char next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (verbatim && c == '"' && next == '"')
            {
                i += 2;
            }
            else if (c == '"')
            {
                return i + 1;
            }
            else if (!verbatim && c == '\\')
            {
                i += 2;
            }
            else if (interpolated && c == '{' && next == '{')
            {
                i += 2;
            }
            else if (interpolated && c == '{')
            {
                i = ScanCSharp(s, i + 1, keep, stopAtBrace: true);
            }
            else if (!verbatim && c == '\n')
            {
                return i; // unterminated: do not run into the next line
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    // Comments that start with marker and run to the end of the line, outside the given quote characters.
    private static string LineComments(string text, char marker, string quoteCharacters)
    {
        var keep = new bool[text.Length];
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (c == '\n')
            {
                quote = '\0';
            }
            else if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (quoteCharacters.Contains(c))
            {
                quote = c;
            }
            else if (c == marker)
            {
                int end = text.IndexOf('\n', i);
                end = end < 0 ? text.Length : end;
                Array.Fill(keep, true, i + 1, end - i - 1);
                i = end - 1;
            }
        }

        return Blank(text, keep);
    }

    private static string BlockComments(string text) => Delimited(text, "/*", "*/");

    private static string XmlComments(string text) => Delimited(text, "<!--", "-->");

    private static string Delimited(string text, string open, string close)
    {
        var keep = new bool[text.Length];
        int at = 0;
        while ((at = text.IndexOf(open, at, StringComparison.Ordinal)) >= 0)
        {
            int start = at + open.Length;
            int end = text.IndexOf(close, start, StringComparison.Ordinal);
            end = end < 0 ? text.Length : end;
            Array.Fill(keep, true, start, end - start);
            at = Math.Min(text.Length, end + close.Length);
        }

        return Blank(text, keep);
    }

    // Shell: # at the start of a word, outside quotes, to the end of the line (so $# and ${#x} are not comments).
    private static string ShellComments(string text)
    {
        var keep = new bool[text.Length];
        char quote = '\0';
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quote == '\'')
            {
                quote = c == '\'' ? '\0' : quote;
            }
            else if (c == '\\')
            {
                i++;
            }
            else if (quote == '"')
            {
                quote = c == '"' ? '\0' : quote;
            }
            else if (c == '\'' || c == '"')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || " \t\n;|&(".Contains(text[i - 1])))
            {
                int end = text.IndexOf('\n', i);
                end = end < 0 ? text.Length : end;
                Array.Fill(keep, true, i + 1, end - i - 1);
                i = end - 1;
            }
        }

        return Blank(text, keep);
    }
}
