import ArgumentParser

@main
struct Troupe: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "troupe",
        abstract: "A Matrix application service that puts a team of AI agents into Matrix.",
        version: "0.1.0",
        subcommands: [
            InitCommand.self, RegistrationCommand.self, RunCommand.self, DoctorCommand.self, AskCommand.self, SpawnCommand.self,
            RunsCommand.self, MCPCommand.self, MigrateDBCommand.self,
        ])
}
