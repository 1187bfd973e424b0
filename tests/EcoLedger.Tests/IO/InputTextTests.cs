using EcoLedger.IO;

namespace EcoLedger.Tests.IO;

public class InputTextTests
{
    [Theory]
    [InlineData("YC-0001")]
    [InlineData("伊春 \"north\", farm")]
    [InlineData("e\u0301")] // a combining accent is text
    [InlineData("\U0001F332")] // a valid surrogate pair
    public void Should_accept_printable_names(string name)
    {
        Assert.Null(InputText.NameProblem(name));
    }

    [Theory]
    [InlineData("a\0b", "no control, invisible or replacement characters, found U+0000 at character 2")]
    [InlineData("esc\u001b[31m", "no control, invisible or replacement characters, found U+001B at character 4")]
    [InlineData("\uFEFFbom", "no control, invisible or replacement characters, found U+FEFF at character 1")]
    [InlineData("zero\u200bwidth", "no control, invisible or replacement characters, found U+200B at character 5")]
    [InlineData("gbk\uFFFD", "no control, invisible or replacement characters, found U+FFFD at character 4")]
    public void Should_refuse_control_invisible_and_replacement_characters_naming_the_first(string name, string expected)
    {
        Assert.Equal(expected, InputText.NameProblem(name));
    }

    [Fact]
    public void Should_refuse_a_lone_surrogate()
    {
        // Built in code: xUnit's theory data would replace the lone surrogate with U+FFFD.
        string name = "lone" + (char)0xD800;
        Assert.Equal("no control, invisible or replacement characters, found U+D800 at character 5", InputText.NameProblem(name));
    }

    [Fact]
    public void Should_refuse_a_name_longer_than_200_characters()
    {
        Assert.Null(InputText.NameProblem(new string('x', 200)));
        Assert.Equal("at most 200 characters, found 10485760", InputText.NameProblem(new string('x', 10 * 1024 * 1024)));
    }

    [Fact]
    public void Should_show_control_characters_escaped_and_a_long_value_cut()
    {
        Assert.Equal("a\\u0000b\\u001B[31m", InputText.Show("a\0b\u001b[31m"));
        Assert.Equal(new string('x', 60) + "… (5000 characters)", InputText.Show(new string('x', 5000)));
    }
}
