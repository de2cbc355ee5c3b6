// Delegates. The four fields and the Initialize* methods are what ILC's generated delegate constructors and
// Invoke methods use (.NET 10 names); each method records which function Invoke calls and with what first argument.
namespace System;

/// <summary>The base class of delegate types.</summary>
public abstract class Delegate
{
#pragma warning disable CS0649, CS0169 // read by ILC-generated Invoke code
    internal object? _firstParameter;
    internal object? _helperObject;
    internal nint _extraFunctionPointerOrData;
    internal nint _functionPointer;
#pragma warning restore CS0649, CS0169

    // A delegate over an instance method: Invoke calls the method with the target as first argument.
    private void InitializeClosedInstance(object firstParameter, nint functionPointer)
    {
        _functionPointer = functionPointer;
        _firstParameter = firstParameter;
    }

    private void InitializeClosedInstanceSlow(object firstParameter, nint functionPointer)
    {
        _functionPointer = functionPointer;
        _firstParameter = firstParameter;
    }

    // A delegate over a static method: Invoke calls a thunk that drops the delegate and calls the method.
    private void InitializeOpenStaticThunk(object firstParameter, nint functionPointer, nint functionPointerThunk)
    {
        _firstParameter = this;
        _functionPointer = functionPointerThunk;
        _extraFunctionPointerOrData = functionPointer;
    }

    // A static method closed over its first argument.
    private void InitializeClosedStaticThunk(object firstParameter, nint functionPointer, nint functionPointerThunk)
    {
        _extraFunctionPointerOrData = functionPointer;
        _helperObject = firstParameter;
        _functionPointer = functionPointerThunk;
        _firstParameter = this;
    }

    private void InitializeOpenInstanceThunk(object firstParameter, nint functionPointer, nint functionPointerThunk)
    {
        _firstParameter = this;
        _functionPointer = functionPointerThunk;
        _extraFunctionPointerOrData = functionPointer;
    }
}

/// <summary>The base class of the delegate types C# declares.</summary>
public abstract class MulticastDelegate : Delegate
{
}
