using System.Globalization;
using WelfarePlatform.DataGen.Cli;

// Thai culture formats dates in the Buddhist calendar: every file here is spelled invariantly.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

return Commands.Root().Parse(args).Invoke();
