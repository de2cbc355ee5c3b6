// A terminal for host tests: everything written is kept, so tests can compare the shell's exact output.
namespace MeghaOS.Tests.Support;

using System;
using System.Collections.Generic;
using System.Text;
using MeghaOS.Devices;

/// <summary>Installs a capturing implementation behind the <see cref="Terminal"/> facade.</summary>
public static unsafe class CapturingTerminal
{
    private static readonly List<byte> s_output = new();

    /// <summary>
    /// When set, each colour mark (<see cref="Terminal.SetColour"/>) is recorded in the text as "{Prompt}", "{Error}"
    /// or "{Normal}". <see cref="Install"/> clears it.
    /// </summary>
    public static bool MarkColours { get; set; }

    /// <summary>How many times Clear was called.</summary>
    public static int ClearCount { get; private set; }

    /// <summary>Everything written since the last <see cref="Take"/>, as Latin-1 text.</summary>
    public static string Text => Encoding.Latin1.GetString(s_output.ToArray());

    /// <summary>Number of bytes written since the last <see cref="Take"/>.</summary>
    public static int Length => s_output.Count;

    /// <summary>The bytes written since the last <see cref="Take"/>.</summary>
    public static byte[] Bytes => s_output.ToArray();

    /// <summary>Resets the facade and installs this terminal.</summary>
    public static void Install()
    {
        s_output.Clear();
        ClearCount = 0;
        MarkColours = false;
        Terminal.Reset();
        TerminalOperations operations = default;
        operations.Name = "capture";
        operations.Write = &Write;
        operations.Clear = &Clear;
        operations.SetColour = &SetColour;
        Terminal.SetOperations(operations);
    }

    /// <summary>Returns the text written so far and forgets it.</summary>
    public static string Take()
    {
        string text = Text;
        s_output.Clear();
        return text;
    }

    private static void Write(void* context, ReadOnlySpan<byte> text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            s_output.Add(text[i]);
        }
    }

    private static void Clear(void* context) => ClearCount++;

    private static void SetColour(void* context, TerminalColour colour)
    {
        if (MarkColours)
        {
            s_output.AddRange(Encoding.Latin1.GetBytes("{" + colour + "}"));
        }
    }
}
