using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mekong.Platform.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CommunityJoinPolicy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "JoinPolicy",
                table: "communities",
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Open");

            // "Members-only" meant nothing before: existing members-only communities now ask before letting anyone in.
            migrationBuilder.Sql("UPDATE communities SET \"JoinPolicy\" = 'Approval' WHERE \"Visibility\" = 'MembersOnly';");

            migrationBuilder.CreateTable(
                name: "community_invites",
                columns: table => new
                {
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    CommunityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedBy = table.Column<Guid>(type: "TEXT", nullable: false),
                    MaxUses = table.Column<int>(type: "INTEGER", nullable: true),
                    Uses = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_community_invites", x => x.Code);
                    table.ForeignKey(
                        name: "FK_community_invites_AspNetUsers_CreatedBy",
                        column: x => x.CreatedBy,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_community_invites_communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "community_join_requests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CommunityId = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecidedBy = table.Column<Guid>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_community_join_requests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_community_join_requests_AspNetUsers_DecidedBy",
                        column: x => x.DecidedBy,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_community_join_requests_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_community_join_requests_communities_CommunityId",
                        column: x => x.CommunityId,
                        principalTable: "communities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_community_invites_CommunityId",
                table: "community_invites",
                column: "CommunityId");

            migrationBuilder.CreateIndex(
                name: "IX_community_invites_CreatedBy",
                table: "community_invites",
                column: "CreatedBy");

            migrationBuilder.CreateIndex(
                name: "IX_community_join_requests_CommunityId_Status",
                table: "community_join_requests",
                columns: new[] { "CommunityId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_community_join_requests_DecidedBy",
                table: "community_join_requests",
                column: "DecidedBy");

            migrationBuilder.CreateIndex(
                name: "IX_community_join_requests_UserId",
                table: "community_join_requests",
                column: "UserId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "community_invites");

            migrationBuilder.DropTable(
                name: "community_join_requests");

            migrationBuilder.DropColumn(
                name: "JoinPolicy",
                table: "communities");
        }
    }
}
