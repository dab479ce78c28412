using NaraVard.Server;

var builder = WebApplication.CreateBuilder(args);
builder.AddNaraVard();

var app = builder.Build();
app.MapNaraVard();
app.Run();
