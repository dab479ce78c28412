using NaraVard.Server;

switch (args)
{
    case ["migrate", ..]:
        return await MigrateCommand.RunAsync(args[1..]);
    case ["token", ..]:
        return await TokenCommand.RunAsync(args[1..]);
    case ["dev-certificates", ..]:
        return DevCertificatesCommand.Run(args[1..]);
}

var builder = WebApplication.CreateBuilder(NaraVard.Server.Demo.DemoArguments.Expand(args));
builder.AddNaraVard();

var app = builder.Build();
app.MapNaraVard();
await app.RunAsync();
return 0;
