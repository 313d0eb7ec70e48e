using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portal.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class NotificationSends : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Permissions",
                table: "IntegrationKey",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "purchases");

            migrationBuilder.CreateTable(
                name: "NotificationSend",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    SentByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    SentByName = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Via = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    AudienceKind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CustomerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CustomerNumber = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Segment = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Channels = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    TitleEn = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    BodyEn = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    TitleAr = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    BodyAr = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Link = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", maxLength: 160, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    PlannedRecipients = table.Column<int>(type: "INTEGER", nullable: false),
                    PlannedEmail = table.Column<int>(type: "INTEGER", nullable: false),
                    PlannedSms = table.Column<int>(type: "INTEGER", nullable: false),
                    PlannedPush = table.Column<int>(type: "INTEGER", nullable: false),
                    PlannedInApp = table.Column<int>(type: "INTEGER", nullable: false),
                    PlannedSuppressed = table.Column<int>(type: "INTEGER", nullable: false),
                    Notified = table.Column<int>(type: "INTEGER", nullable: false),
                    Cursor = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CompletedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationSend", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_NotificationSend_IdempotencyKey",
                table: "NotificationSend",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_NotificationSend_Status_Id",
                table: "NotificationSend",
                columns: new[] { "Status", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "NotificationSend");

            migrationBuilder.DropColumn(
                name: "Permissions",
                table: "IntegrationKey");
        }
    }
}
